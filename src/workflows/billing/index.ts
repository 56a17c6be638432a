/**
 * The billing workflows: the daily schedule's fan-out, the monthly cycle, payment recovery and the
 * hand-over of outside payments, plus the adoption of failures from before PsiZero ran. They
 * orchestrate domain commands (src/domain/billing), the payment gateway and the customer messenger
 * through durable steps; the app wires them (src/app/create-billing.ts).
 */
import type { AnyWorkflow } from '../../engine/workflow.ts';
import { CYCLE_VERSION, billingCycleWorkflow } from './billing-cycle.ts';
import { billingDailyWorkflow } from './billing-daily.ts';
import { chargeDisputeWorkflow } from './charge-dispute.ts';
import { outsidePaymentWorkflow } from './outside-payment.ts';
import { paymentRecoveryWorkflow } from './payment-recovery.ts';
import { recoveredNoticeWorkflow } from './recovered-notice.ts';
import { RECOVERY_VERSIONS } from './recovery-rules.ts';
import type {
  CycleDeps,
  DailyDeps,
  DisputeDeps,
  OutsidePaymentDeps,
  RecoveredNoticeDeps,
  RecoveryDeps,
} from './workflow-deps.ts';

export { adoptRecentFailures, type AdoptionDeps, type AdoptionOptions } from './adopt-failures.ts';
export { CYCLE_VERSION, billingCycleWorkflow, CycleInputSchema } from './billing-cycle.ts';
export { DISPUTE_SUBSCRIPTION, chargeDisputeWorkflow } from './charge-dispute.ts';
export { recordCardUpdate } from './card-update.ts';
export { RECOVERED_NOTICE_SUBSCRIPTION, recoveredNoticeWorkflow } from './recovered-notice.ts';
export { RECOVERY_VERSION, RECOVERY_VERSIONS, recoveryRules, type RecoveryRules } from './recovery-rules.ts';
export { billingDailyWorkflow, DailyInputSchema } from './billing-daily.ts';
export { renderCustomerMessage, type MessageFacts, type RenderedMessage } from './customer-message-templates.ts';
export {
  SenderMessenger,
  emailHtml,
  messageIdFor,
  smsText,
  type CustomerMessenger,
  type Delivery,
  type MessengerSenders,
  type OutboxWriter,
  type OutgoingMessage,
} from './customer-messenger.ts';
export { OUTSIDE_PAYMENT_SUBSCRIPTION, outsidePaymentWorkflow } from './outside-payment.ts';
export {
  RecoveryInputSchema,
  paymentRecoveryWorkflow,
  type RecoveryInput,
  type RecoveryResult,
} from './payment-recovery.ts';
export { RECOVERY_CHOICES, recommendChoice, type RecoveryChoice } from './recovery-choices.ts';
export { UNRECOVERED_AFTER_DAYS } from './recovery-phases.ts';
export { checkpointAt, recoveryCheckpoints, type Checkpoint } from './recovery-plan.ts';
export type {
  BillingSettings,
  CycleDeps,
  DailyDeps,
  DisputeDeps,
  OutsidePaymentDeps,
  RecoveredNoticeDeps,
  RecoveryDeps,
  RunStarter,
} from './workflow-deps.ts';

/** Everything the billing workflows need between them. */
export type BillingWorkflowDeps = CycleDeps &
  DailyDeps &
  RecoveryDeps &
  OutsidePaymentDeps &
  DisputeDeps &
  RecoveredNoticeDeps;

/**
 * Every billing workflow, each at every version runs may still be in flight with (latest first):
 * the engine starts new runs at the latest and resumes each run at its own.
 */
export function billingWorkflows(deps: BillingWorkflowDeps): AnyWorkflow[] {
  const cycleVersions = Array.from({ length: CYCLE_VERSION }, (_, i) => CYCLE_VERSION - i);
  return [
    ...cycleVersions.map((version) => billingCycleWorkflow(deps, version)),
    billingDailyWorkflow(deps),
    ...[...RECOVERY_VERSIONS].reverse().map((version) => paymentRecoveryWorkflow(deps, version)),
    outsidePaymentWorkflow(deps),
    chargeDisputeWorkflow(deps),
    recoveredNoticeWorkflow(deps),
  ];
}

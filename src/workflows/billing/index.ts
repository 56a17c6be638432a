/**
 * The billing workflows: the daily schedule's fan-out, the monthly cycle, payment recovery and the
 * hand-over of outside payments, plus the adoption of failures from before PsiZero ran. They
 * orchestrate domain commands (src/domain/billing), the payment gateway and the customer messenger
 * through durable steps; the app wires them (src/app/create-billing.ts).
 */
import type { AnyWorkflow } from '../../engine/workflow.ts';
import { billingCycleWorkflow } from './billing-cycle.ts';
import { billingDailyWorkflow } from './billing-daily.ts';
import { outsidePaymentWorkflow } from './outside-payment.ts';
import { paymentRecoveryWorkflow } from './payment-recovery.ts';
import type { CycleDeps, DailyDeps, OutsidePaymentDeps, RecoveryDeps } from './workflow-deps.ts';

export { adoptRecentFailures, type AdoptionDeps, type AdoptionOptions } from './adopt-failures.ts';
export { billingCycleWorkflow, CycleInputSchema } from './billing-cycle.ts';
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
  OutsidePaymentDeps,
  RecoveryDeps,
  RunStarter,
} from './workflow-deps.ts';

/** Everything the four billing workflows need between them. */
export type BillingWorkflowDeps = CycleDeps & DailyDeps & RecoveryDeps & OutsidePaymentDeps;

export function billingWorkflows(deps: BillingWorkflowDeps): AnyWorkflow[] {
  return [
    billingCycleWorkflow(deps),
    billingDailyWorkflow(deps),
    paymentRecoveryWorkflow(deps),
    outsidePaymentWorkflow(deps),
  ];
}

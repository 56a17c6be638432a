/**
 * Approvals: the lifecycle of human approvals as durable waits inside runs, the gate every
 * business action passes through, and signed single-use approval links.
 */
export {
  ApprovalLinks,
  MIN_LINK_SECRET_LENGTH,
  signApprovalLinkToken,
  verifyApprovalLinkToken,
} from './approval-links.ts';
export type { ApprovalLinkClaims, ApprovalLinksOptions, InspectedLink } from './approval-links.ts';
export { APPROVAL_DECIDED_TOPIC, ApprovalService, approvalEventId } from './approval-service.ts';
export type { ApprovalDecidedPayload, ApprovalEvents, ApprovalServiceOptions } from './approval-service.ts';
export { eligibilityForRound, isValidApproval, outcomeOfTally, roundReason, tallyDecisions } from './authority.ts';
export { approvedChoice, choiceOfDecision } from './choices.ts';
export type { ChoiceDecisionInput } from './choices.ts';
export type { Tally } from './authority.ts';
export {
  APPROVAL_LINK_ERROR_CODES,
  APPROVAL_REFUSAL_CODES,
  ApprovalLinkError,
  ApprovalLinkSecretError,
  ApprovalRefusedError,
} from './errors.ts';
export type { ApprovalLinkErrorCode, ApprovalRefusalCode } from './errors.ts';
export { act } from './gate.ts';
export type { ConservativeDefault, GateAction, GateResult } from './gate.ts';
export { decideGateOutcome } from './gate-outcome.ts';
export type { GateOutcomeOptions, GateVerdict, NotExecutedReason } from './gate-outcome.ts';
export type { ApprovalView, GateDeps } from './gate-steps.ts';
export {
  applyDecision,
  applyTimeout,
  isResolved,
  openApproval,
  openSlots,
  recordOf,
  roundsAhead,
} from './lifecycle.ts';
export type { Approval, DecisionInput, OpenApprovalInput, TimeoutEffect } from './lifecycle.ts';
export { RecordingNotifier } from './notifier.ts';
export type {
  ApprovalNotification,
  NotificationFacts,
  NotificationReceipt,
  NotificationType,
  Notifier,
  NotifyScope,
} from './notifier.ts';
export type {
  ApprovalConsequences,
  ApprovalDecision,
  ApprovalFilter,
  ApprovalLinkRecord,
  ApprovalRound,
  ApprovalStatus,
  DecisionVerdict,
  LinkIntent,
  Recommendation,
  RoundEligibility,
  StoredApproval,
} from './approval-model.ts';
export { TERMINAL_APPROVAL_STATUSES } from './approval-model.ts';
export { ApprovalRepository } from './approval-repository.ts';

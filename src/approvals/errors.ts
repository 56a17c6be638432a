/**
 * Why a decision, a link or a request was refused, as stable codes the CLI, the HTTP API and the
 * channels can switch on. Never retryable: the same request is refused the same way.
 */
import { PsiZeroError } from '../errors.ts';

export const APPROVAL_REFUSAL_CODES = [
  /** The person is not among those who may decide this approval now. */
  'NOT_AUTHORIZED',
  /** The approval is already approved, rejected or expired. */
  'ALREADY_DECIDED',
  /** This person has already recorded a decision on this approval. */
  'DUPLICATE_DECISION',
  /** A rejection must say why. */
  'REASON_REQUIRED',
  /** Nobody approves an action they initiated. */
  'SELF_APPROVAL',
  /** The person id is not in the directory. */
  'UNKNOWN_PERSON',
  /** The approval kept changing under concurrent deciders; the decision was not recorded. */
  'APPROVAL_BUSY',
  /** The action offers choices, and approving it means approving one of them. */
  'CHOICE_REQUIRED',
  /** The choice is not one the action offers (or the action offers none). */
  'UNKNOWN_CHOICE',
  /** Another approver of the same approval already approved a different choice. */
  'CHOICE_CONFLICT',
] as const;

export type ApprovalRefusalCode = (typeof APPROVAL_REFUSAL_CODES)[number];

/** HTTP status each refusal maps to, for the API and the confirmation page. */
export const APPROVAL_REFUSAL_HTTP_STATUS: Readonly<Record<ApprovalRefusalCode, number>> = {
  NOT_AUTHORIZED: 403,
  ALREADY_DECIDED: 409,
  DUPLICATE_DECISION: 409,
  REASON_REQUIRED: 400,
  SELF_APPROVAL: 403,
  UNKNOWN_PERSON: 403,
  APPROVAL_BUSY: 409,
  CHOICE_REQUIRED: 400,
  UNKNOWN_CHOICE: 400,
  CHOICE_CONFLICT: 409,
};

export class ApprovalRefusedError extends PsiZeroError {
  declare readonly code: ApprovalRefusalCode;
  readonly approvalId: string;

  constructor(code: ApprovalRefusalCode, approvalId: string, message: string) {
    super(code, message, { details: { approvalId } });
    this.approvalId = approvalId;
  }
}

export const APPROVAL_LINK_ERROR_CODES = ['LINK_INVALID', 'LINK_EXPIRED', 'LINK_USED'] as const;
export type ApprovalLinkErrorCode = (typeof APPROVAL_LINK_ERROR_CODES)[number];

/** A tampered or malformed, expired, or already used approval link. */
export class ApprovalLinkError extends PsiZeroError {
  declare readonly code: ApprovalLinkErrorCode;

  constructor(code: ApprovalLinkErrorCode, message: string) {
    super(code, message);
  }
}

/** Approval links were asked for but no `approvals.linkSecret` is configured. */
export class ApprovalLinkSecretError extends PsiZeroError {
  constructor(message: string) {
    super('LINK_SECRET_MISSING', message);
  }
}

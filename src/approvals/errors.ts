/**
 * Why a decision, a link or a request was refused, as stable codes the CLI, the HTTP API and the
 * channels can switch on. Never retryable: the same request is refused the same way.
 */
import { PsiZeroError, type ErrorKind } from '../lib/errors.ts';

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

/** What sort of refusal each code is (the HTTP layer derives its status from the kind). */
const APPROVAL_REFUSAL_KIND: Readonly<Record<ApprovalRefusalCode, ErrorKind>> = {
  NOT_AUTHORIZED: 'forbidden',
  ALREADY_DECIDED: 'conflict',
  DUPLICATE_DECISION: 'conflict',
  REASON_REQUIRED: 'invalid',
  SELF_APPROVAL: 'forbidden',
  UNKNOWN_PERSON: 'forbidden',
  APPROVAL_BUSY: 'conflict',
  CHOICE_REQUIRED: 'invalid',
  UNKNOWN_CHOICE: 'invalid',
  CHOICE_CONFLICT: 'conflict',
};

export class ApprovalRefusedError extends PsiZeroError {
  declare readonly code: ApprovalRefusalCode;
  readonly approvalId: string;

  constructor(code: ApprovalRefusalCode, approvalId: string, message: string) {
    super(code, message, { kind: APPROVAL_REFUSAL_KIND[code], retryable: false, details: { approvalId } });
    this.approvalId = approvalId;
  }
}

export const APPROVAL_LINK_ERROR_CODES = ['LINK_INVALID', 'LINK_EXPIRED', 'LINK_USED'] as const;
export type ApprovalLinkErrorCode = (typeof APPROVAL_LINK_ERROR_CODES)[number];

const LINK_ERROR_KIND: Readonly<Record<ApprovalLinkErrorCode, ErrorKind>> = {
  LINK_INVALID: 'invalid',
  LINK_EXPIRED: 'gone',
  LINK_USED: 'conflict',
};

/** A tampered or malformed, expired, or already used approval link. */
export class ApprovalLinkError extends PsiZeroError {
  declare readonly code: ApprovalLinkErrorCode;

  constructor(code: ApprovalLinkErrorCode, message: string) {
    super(code, message, { kind: LINK_ERROR_KIND[code], retryable: false });
  }
}

/** Approval links were asked for but no `approvals.linkSecret` is configured. */
export class ApprovalLinkSecretError extends PsiZeroError {
  constructor(message: string) {
    super('LINK_SECRET_MISSING', message, { kind: 'internal', retryable: false });
  }
}

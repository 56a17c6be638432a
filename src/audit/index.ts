/** The tamper-evident audit trail: typed entries per kind, the hash chain, its repository, verification and summaries. */
export { AUDIT_KINDS, type AuditKind } from './kinds.ts';
export { verifyAuditChain, verifyAuditChainAsync, type AuditProblem, type AuditVerification } from './verify.ts';
export { verifyAuditLog } from './verify-log.ts';
export { canonicalJson, hashAuditEntry } from './audit-hash.ts';
export { AUDIT_GENESIS_HASH } from './entries.ts';
export type {
  AuditData,
  AuditEntry,
  AuditEntryOf,
  AuditFilter,
  AuditHead,
  AuditRecord,
  ChainedAuditRecord,
  ChargeAuditData,
  MoneySubject,
  NewAuditEntry,
  NewAuditEntryOf,
  NotificationAuditData,
  Recommendation,
} from './entries.ts';
export { AuditRepository } from './audit-repository.ts';
export { PLAIN_STYLE, summarizeAuditEntry, type SummaryStyle } from './summary.ts';

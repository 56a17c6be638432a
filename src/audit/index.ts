/** The tamper-evident audit trail: entry kinds, chain hashing and verification. */
export { AUDIT_KINDS, type AuditKind } from './kinds.ts';
export { verifyAuditChain, verifyAuditChainAsync, type AuditProblem, type AuditVerification } from './verify.ts';
export { verifyAuditLog } from './verify-log.ts';
export { canonicalJson, hashAuditEntry } from '../store/audit-hash.ts';
export { AUDIT_GENESIS_HASH } from '../store/audit-types.ts';
export type { AuditEntry, AuditFilter, AuditHead, AuditRepository, NewAuditEntry } from '../store/audit-types.ts';

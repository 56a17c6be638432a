/**
 * The audit log's storage contract: an append-only, hash-chained list of entries. Each entry
 * carries the hash of the one before it, so an entry edited, deleted or reordered directly in the
 * database breaks the chain at that entry (see src/audit/verify.ts). Adapters serialise appends so
 * that exactly one entry follows each other entry.
 */

/** The previous-hash of entry #1: no entry comes before it. */
export const AUDIT_GENESIS_HASH = '0'.repeat(64);

export interface NewAuditEntry {
  at: number;
  /** What happened, e.g. `decision_record`, `approval_decision`, `action_executed` (see src/audit/kinds.ts). */
  kind: string;
  /** `system` or the directory id of the person who acted. */
  actor: string;
  /** How the actor reached PsiZero: `system`, `cli`, `dashboard`, `email`, `slack`, `api`. */
  channel: string;
  runId: string | null;
  approvalId: string | null;
  actionId: string | null;
  /** Plain JSON. */
  data: unknown;
  /**
   * Idempotency key: appending an entry whose key is already in the log appends nothing and
   * returns the stored entry, so a durable step that runs twice records its entries once.
   */
  key: string | null;
}

export interface AuditEntry extends NewAuditEntry {
  /** 1, 2, 3, ... without gaps. */
  seq: number;
  prevHash: string;
  /** sha256 hex over the canonical JSON of the entry (src/store/audit-hash.ts). */
  hash: string;
}

/** The chain head: the last entry's seq and hash (seq 0 and the genesis hash while the log is empty). */
export interface AuditHead {
  seq: number;
  hash: string;
}

export interface AuditFilter {
  runId?: string;
  approvalId?: string;
  actionId?: string;
  kind?: string;
  actor?: string;
  afterSeq?: number;
  /** Default 100. */
  limit?: number;
  /** The latest `limit` matching entries (still returned oldest first) instead of the earliest. */
  latest?: boolean;
}

export interface AuditRepository {
  /** Appends in the given order as one transaction; returns the stored entries, same order. */
  append(entries: NewAuditEntry[]): Promise<AuditEntry[]>;
  /** Matching entries, oldest first. */
  list(filter?: AuditFilter): Promise<AuditEntry[]>;
  /** Every entry up to `toSeq` (default: all), oldest first, read in pages: the input of verification. */
  iterate(options?: { toSeq?: number; pageSize?: number }): AsyncIterable<AuditEntry>;
  head(): Promise<AuditHead>;
}

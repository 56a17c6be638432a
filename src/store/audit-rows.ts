/** Row mapping and hashing shared by the SQLite and PostgreSQL audit repositories. */
import { hashAuditEntry, normaliseAuditData } from './audit-hash.ts';
import type { AuditEntry, AuditHead, NewAuditEntry } from './audit-types.ts';
import { fromJson } from './json.ts';

export interface AuditRow {
  seq: number | string;
  at: number | string;
  kind: string;
  actor: string;
  channel: string;
  run_id: string | null;
  approval_id: string | null;
  action_id: string | null;
  idem_key: string | null;
  data: string;
  prev_hash: string;
  hash: string;
}

export function auditFromRow(row: AuditRow): AuditEntry {
  return {
    seq: Number(row.seq),
    at: Number(row.at),
    kind: row.kind,
    actor: row.actor,
    channel: row.channel,
    runId: row.run_id,
    approvalId: row.approval_id,
    actionId: row.action_id,
    key: row.idem_key,
    data: fromJson(row.data),
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

/** Column values in the order of AUDIT_COLUMNS. */
export function auditValues(e: AuditEntry): unknown[] {
  return [
    e.seq,
    e.at,
    e.kind,
    e.actor,
    e.channel,
    e.runId,
    e.approvalId,
    e.actionId,
    e.key,
    JSON.stringify(e.data),
    e.prevHash,
    e.hash,
  ];
}

export const AUDIT_COLUMNS = [
  'seq',
  'at',
  'kind',
  'actor',
  'channel',
  'run_id',
  'approval_id',
  'action_id',
  'idem_key',
  'data',
  'prev_hash',
  'hash',
] as const;

/**
 * Chains new entries onto `head`. Entries whose key is in `existing` (stored earlier) or repeats a
 * key earlier in this batch are not chained: the caller gets the stored entry back instead.
 */
export function chainEntries(
  head: AuditHead,
  entries: NewAuditEntry[],
  existing: ReadonlyMap<string, AuditEntry>,
): { results: AuditEntry[]; fresh: AuditEntry[]; head: AuditHead } {
  const seen = new Map(existing);
  const fresh: AuditEntry[] = [];
  const results: AuditEntry[] = [];
  let { seq, hash } = head;
  for (const e of entries) {
    const known = e.key === null ? undefined : seen.get(e.key);
    if (known) {
      results.push(known);
      continue;
    }
    const unhashed = { ...e, data: normaliseAuditData(e.data), seq: seq + 1, prevHash: hash };
    const entry: AuditEntry = { ...unhashed, hash: hashAuditEntry(unhashed) };
    seq = entry.seq;
    hash = entry.hash;
    if (e.key !== null) seen.set(e.key, entry);
    fresh.push(entry);
    results.push(entry);
  }
  return { results, fresh, head: { seq, hash } };
}

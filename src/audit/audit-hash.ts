/**
 * The audit chain's hash, computed at append (chain.ts) and recomputed by the verifier. sha256 over a canonical JSON: object keys sorted, no whitespace, so the
 * hash does not depend on key order or on how a database hands the JSON back.
 */
import { createHash } from 'node:crypto';
import type { ChainedAuditRecord } from './entries.ts';

export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v)).join(',')}]`;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record)
    .filter((k) => record[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(record[k])}`).join(',')}}`;
}

/** What the hash covers: every field of the entry except the hash itself. */
export type HashedAuditFields = Omit<ChainedAuditRecord, 'hash'>;

export function hashAuditEntry(e: HashedAuditFields): string {
  const body = canonicalJson({
    v: 1,
    seq: e.seq,
    at: e.at,
    kind: e.kind,
    actor: e.actor,
    channel: e.channel,
    runId: e.runId,
    approvalId: e.approvalId,
    actionId: e.actionId,
    key: e.key,
    data: e.data,
    prevHash: e.prevHash,
  });
  return createHash('sha256').update(body, 'utf8').digest('hex');
}

/** Data as it will read back from the database: a JSON round trip (undefined becomes null). */
export function normaliseAuditData(data: unknown): unknown {
  return data === undefined ? null : (JSON.parse(JSON.stringify(data)) as unknown);
}

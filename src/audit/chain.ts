import { hashAuditEntry, normaliseAuditData } from './audit-hash.ts';
import type { AuditHead, AuditRecord } from './entries.ts';

type Chained<E> = E & { seq: number; prevHash: string; hash: string };

/**
 * Chains new entries onto `head`. Entries whose key is in `existing` (stored earlier) or repeats a
 * key earlier in this batch are not chained: the caller gets the stored entry back instead.
 */
export function chainEntries<E extends AuditRecord>(
  head: AuditHead,
  entries: readonly E[],
  existing: ReadonlyMap<string, Chained<E>>,
): { results: Chained<E>[]; fresh: Chained<E>[]; head: AuditHead } {
  const seen = new Map(existing);
  const fresh: Chained<E>[] = [];
  const results: Chained<E>[] = [];
  let { seq, hash } = head;
  for (const e of entries) {
    const known = e.key === null ? undefined : seen.get(e.key);
    if (known) {
      results.push(known);
      continue;
    }
    // The data as it will read back (a JSON round trip), so the hash matches what verification reads.
    const unhashed = { ...e, data: normaliseAuditData(e.data) as E['data'], seq: seq + 1, prevHash: hash };
    const entry = { ...unhashed, hash: hashAuditEntry(unhashed) };
    seq = entry.seq;
    hash = entry.hash;
    if (e.key !== null) seen.set(e.key, entry);
    fresh.push(entry);
    results.push(entry);
  }
  return { results, fresh, head: { seq, hash } };
}

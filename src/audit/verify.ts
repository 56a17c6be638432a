/**
 * Verification of the hash-chained audit log, pure: it reads entries in seq order and reports the
 * FIRST entry that was edited, deleted or reordered. Checks per entry, in order:
 * 1. its seq follows the previous one (a gap means entries were deleted);
 * 2. its hash matches its content (else it was edited, or moved: a swapped entry's content hashes
 *    correctly only under the seq it was written with, which we look for nearby);
 * 3. its previous-hash equals the previous entry's hash (else the previous entry was rewritten
 *    with a fresh hash, or entries between them were removed and renumbered).
 * At the end the last entry must be the chain head recorded at append time, so entries deleted
 * from the end are caught too.
 */
import { hashAuditEntry } from './audit-hash.ts';
import type { ChainedAuditRecord, AuditHead } from './entries.ts';
import { AUDIT_GENESIS_HASH } from './entries.ts';

export type AuditProblem = 'missing' | 'edited' | 'reordered' | 'broken_link' | 'head_mismatch' | 'inserted';

export type AuditVerification =
  | { ok: true; entries: number; head: AuditHead }
  | { ok: false; seq: number; problem: AuditProblem; message: string; entriesChecked: number };

/** How far from its position a moved entry is looked for (only when an entry fails its hash). */
const MOVE_SEARCH = 64;

/** Feeds entries one at a time, so the async and sync entry points share one implementation. */
class ChainChecker {
  private prev: AuditHead = { seq: 0, hash: AUDIT_GENESIS_HASH };
  private checked = 0;

  push(e: ChainedAuditRecord): AuditVerification | null {
    const expected = this.prev.seq + 1;
    if (e.seq > expected) {
      const range = e.seq - 1 > expected ? `entries #${expected} to #${e.seq - 1} are` : `entry #${expected} is`;
      return this.fail(
        expected,
        'missing',
        `${range} missing: deleted from the log (the next entry present is #${e.seq})`,
      );
    }
    if (e.seq < expected) {
      return this.fail(
        e.seq,
        'reordered',
        `entry #${e.seq} appears after entry #${this.prev.seq}: the log is out of order`,
      );
    }
    if (hashAuditEntry(e) !== e.hash) {
      const writtenAs = this.originalSeq(e);
      if (writtenAs !== null) {
        return this.fail(
          e.seq,
          'reordered',
          `entry #${e.seq} holds the entry written as #${writtenAs}: entries were reordered`,
        );
      }
      return this.fail(e.seq, 'edited', `entry #${e.seq} was edited: its content no longer matches its hash`);
    }
    if (e.prevHash !== this.prev.hash) {
      const before = this.prev.seq === 0 ? 'the start of the log' : `entry #${this.prev.seq}`;
      return this.fail(
        e.seq,
        'broken_link',
        `entry #${e.seq} does not follow ${before}: its previous-hash link is broken ` +
          `(#${this.prev.seq} was rewritten with a new hash, or entries between them were removed)`,
      );
    }
    this.prev = { seq: e.seq, hash: e.hash };
    this.checked++;
    return null;
  }

  end(head: AuditHead | null): AuditVerification {
    if (head !== null && head.seq > this.prev.seq) {
      const from = this.prev.seq + 1;
      const range = head.seq > from ? `entries #${from} to #${head.seq} are` : `entry #${from} is`;
      return this.fail(
        from,
        'missing',
        `${range} missing from the end of the log (the chain head records #${head.seq})`,
      );
    }
    if (head !== null && (head.seq !== this.prev.seq || head.hash !== this.prev.hash)) {
      return this.fail(
        this.prev.seq,
        'head_mismatch',
        `entry #${this.prev.seq} is not the chain head recorded at append time (#${head.seq}): the end of the log was rewritten`,
      );
    }
    return { ok: true, entries: this.checked, head: this.prev };
  }

  private originalSeq(e: ChainedAuditRecord): number | null {
    for (let d = 1; d <= MOVE_SEARCH; d++) {
      for (const seq of [e.seq + d, e.seq - d]) {
        if (seq >= 1 && hashAuditEntry({ ...e, seq }) === e.hash) return seq;
      }
    }
    return null;
  }

  private fail(seq: number, problem: AuditProblem, message: string): AuditVerification {
    return { ok: false, seq, problem, message, entriesChecked: this.checked };
  }
}

/** Verifies entries given in seq order; `head` (when known) must match the last entry. */
export function verifyAuditChain(entries: Iterable<ChainedAuditRecord>, head: AuditHead | null): AuditVerification {
  const checker = new ChainChecker();
  for (const e of entries) {
    const failure = checker.push(e);
    if (failure) return failure;
  }
  return checker.end(head);
}

/** The same over a paged read from a repository (`AuditRepository.iterate`). */
export async function verifyAuditChainAsync(
  entries: AsyncIterable<ChainedAuditRecord>,
  head: AuditHead | null,
): Promise<AuditVerification> {
  const checker = new ChainChecker();
  for await (const e of entries) {
    const failure = checker.push(e);
    if (failure) return failure;
  }
  return checker.end(head);
}

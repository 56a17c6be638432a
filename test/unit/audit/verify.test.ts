import { describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../../src/audit/index.ts';
import { canonicalJson, hashAuditEntry } from '../../../src/audit/audit-hash.ts';
import { chainEntries } from '../../../src/audit/chain.ts';
import type { AuditRecord, ChainedAuditRecord } from '../../../src/audit/entries.ts';
import { AUDIT_GENESIS_HASH } from '../../../src/audit/entries.ts';

function newEntry(n: number, data: unknown = { n }): AuditRecord {
  return {
    at: 1_000 + n,
    kind: 'decision_record',
    actor: 'system',
    channel: 'system',
    runId: 'run_1',
    approvalId: null,
    actionId: `a${n}`,
    data,
    key: null,
  };
}

function chain(count: number): ChainedAuditRecord[] {
  const entries = Array.from({ length: count }, (_, i) => newEntry(i + 1));
  return chainEntries({ seq: 0, hash: AUDIT_GENESIS_HASH }, entries, new Map()).fresh;
}

const headOf = (entries: ChainedAuditRecord[]) => ({ seq: entries.at(-1)!.seq, hash: entries.at(-1)!.hash });

describe('canonical JSON and the entry hash', () => {
  it('ignores key order and undefined fields', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: undefined } })).toBe(
      '{"a":{"d":[1,{"x":1,"y":2}]},"b":1}',
    );
  });

  it('covers every field: changing any one changes the hash', () => {
    const [e] = chain(1);
    const base = hashAuditEntry(e!);
    const variants: Partial<ChainedAuditRecord>[] = [
      { seq: 2 },
      { at: 1 },
      { kind: 'x' },
      { actor: 'fiona' },
      { channel: 'email' },
      { runId: null },
      { approvalId: 'apr' },
      { actionId: null },
      { key: 'k' },
      { data: { n: 2 } },
      { prevHash: 'f'.repeat(64) },
    ];
    for (const v of variants) expect(hashAuditEntry({ ...e!, ...v })).not.toBe(base);
  });
});

describe('verifyAuditChain', () => {
  it('accepts an intact chain and an empty one', () => {
    const entries = chain(5);
    expect(verifyAuditChain(entries, headOf(entries))).toEqual({ ok: true, entries: 5, head: headOf(entries) });
    expect(verifyAuditChain([], { seq: 0, hash: AUDIT_GENESIS_HASH })).toMatchObject({ ok: true, entries: 0 });
  });

  it('reports an edited entry at that entry', () => {
    const entries = chain(5);
    entries[2] = { ...entries[2]!, data: { n: 999 } };
    expect(verifyAuditChain(entries, headOf(entries))).toMatchObject({
      ok: false,
      seq: 3,
      problem: 'edited',
      entriesChecked: 2,
    });
  });

  it('reports a deleted entry as missing', () => {
    const entries = chain(5);
    entries.splice(1, 2);
    const result = verifyAuditChain(entries, headOf(entries));
    expect(result).toMatchObject({ ok: false, seq: 2, problem: 'missing' });
    expect(!result.ok && result.message).toBe(
      'entries #2 to #3 are missing: deleted from the log (the next entry present is #4)',
    );
  });

  it('reports swapped entries as reordered at the first one', () => {
    const entries = chain(5);
    const [third, fourth] = [entries[2]!, entries[3]!];
    entries[2] = { ...fourth, seq: 3 };
    entries[3] = { ...third, seq: 4 };
    const result = verifyAuditChain(entries, headOf(chain(5)));
    expect(result).toMatchObject({ ok: false, seq: 3, problem: 'reordered' });
    expect(!result.ok && result.message).toBe('entry #3 holds the entry written as #4: entries were reordered');
  });

  it('reports a re-hashed edit where the next link breaks', () => {
    const entries = chain(5);
    const edited = { ...entries[1]!, data: { n: 'forged' } };
    entries[1] = { ...edited, hash: hashAuditEntry(edited) };
    expect(verifyAuditChain(entries, headOf(entries))).toMatchObject({ ok: false, seq: 3, problem: 'broken_link' });
  });

  it('reports entries deleted from the end against the chain head', () => {
    const entries = chain(5);
    const head = headOf(entries);
    const result = verifyAuditChain(entries.slice(0, 3), head);
    expect(result).toMatchObject({ ok: false, seq: 4, problem: 'missing' });
    expect(!result.ok && result.message).toContain('missing from the end of the log');
  });

  it('reports a rewritten chain head', () => {
    const entries = chain(3);
    expect(verifyAuditChain(entries, { seq: 3, hash: 'a'.repeat(64) })).toMatchObject({
      ok: false,
      seq: 3,
      problem: 'head_mismatch',
    });
  });
});

describe('chainEntries', () => {
  it('links each entry to the previous hash and skips keys already stored or repeated', () => {
    const first = chainEntries({ seq: 0, hash: AUDIT_GENESIS_HASH }, [{ ...newEntry(1), key: 'k1' }], new Map());
    const stored = first.fresh[0]!;
    const next = chainEntries(
      first.head,
      [
        { ...newEntry(2), key: 'k1' },
        { ...newEntry(3), key: 'k2' },
        { ...newEntry(4), key: 'k2' },
      ],
      new Map([['k1', stored]]),
    );
    expect(next.fresh.map((e) => e.seq)).toEqual([2]);
    expect(next.results.map((e) => e.seq)).toEqual([1, 2, 2]);
    expect(next.fresh[0]!.prevHash).toBe(stored.hash);
  });
});

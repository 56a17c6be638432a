import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AUDIT_GENESIS_HASH, verifyAuditLog } from '../../src/audit/index.ts';
import type { AuditRecord, AuditRepository, NewAuditEntry } from '../../src/audit/index.ts';
import type { Database } from '../../src/db/index.ts';
import { createRepositories } from '../../src/app/repositories.ts';
import { databaseFactories } from '../helpers/databases.ts';
import { dropAuditTriggers, rawSql } from './store-sql.ts';

/** The log keeps any JSON exactly, whatever the kind: these entries carry a probe payload, not the kind's data. */
function entry(n: number, extra: Partial<AuditRecord> = {}): NewAuditEntry {
  const probe: AuditRecord = {
    at: 1_700_000_000_000 + n,
    kind: n % 2 === 0 ? 'approval_decision' : 'decision_record',
    actor: n % 2 === 0 ? 'fiona' : 'system',
    channel: n % 2 === 0 ? 'email' : 'system',
    runId: `run_${n % 3}`,
    approvalId: n % 2 === 0 ? `apr_${n}` : null,
    actionId: `act_${n}`,
    data: { n, amountUsd: 4200.5, nested: { z: 1, a: [1, 'two', null] } },
    key: null,
    ...extra,
  };
  return probe as NewAuditEntry;
}

describe.each(databaseFactories())('audit log on $name', (factory) => {
  let database: Database;
  let audit: AuditRepository;
  beforeEach(async () => {
    database = await factory.create();
    audit = createRepositories(database.db).audit;
  });
  afterEach(async () => {
    await database.close();
  });

  async function appendFive(): Promise<void> {
    for (let n = 1; n <= 5; n++) await audit.append([entry(n)]);
  }

  it('appends a hash chain with consecutive seq and keeps data exactly', async () => {
    expect(await audit.head()).toEqual({ seq: 0, hash: AUDIT_GENESIS_HASH });
    const [first, second] = await audit.append([entry(1), entry(2)]);
    expect(first).toMatchObject({ seq: 1, prevHash: AUDIT_GENESIS_HASH, data: entry(1).data });
    expect(second).toMatchObject({ seq: 2, prevHash: first!.hash });
    expect(await audit.head()).toEqual({ seq: 2, hash: second!.hash });
    expect(await audit.list()).toEqual([first, second]);
    expect(await verifyAuditLog(audit)).toEqual({ ok: true, entries: 2, head: { seq: 2, hash: second!.hash } });
  });

  it('appends an idempotency key once, however often and however concurrently it is retried', async () => {
    const keyed = entry(1, { key: 'run_1:gate:a:decide/0' });
    const results = await Promise.all([audit.append([keyed]), audit.append([keyed]), audit.append([keyed, entry(2)])]);
    expect(
      results
        .flat()
        .filter((e) => e.key === keyed.key)
        .map((e) => e.seq),
    ).toEqual([1, 1, 1]);
    expect((await audit.list()).map((e) => e.seq)).toEqual([1, 2]);
  });

  it('serialises concurrent appenders into one unbroken chain', async () => {
    await Promise.all(Array.from({ length: 40 }, (_, i) => audit.append([entry(i * 2), entry(i * 2 + 1)])));
    const all = await audit.list({ limit: 1_000 });
    expect(all.map((e) => e.seq)).toEqual(Array.from({ length: 80 }, (_, i) => i + 1));
    expect(await verifyAuditLog(audit)).toMatchObject({ ok: true, entries: 80 });
  });

  it('filters and pages', async () => {
    for (let n = 1; n <= 12; n++) await audit.append([entry(n)]);
    expect((await audit.list({ runId: 'run_0' })).map((e) => e.seq)).toEqual([3, 6, 9, 12]);
    expect((await audit.list({ kind: 'approval_decision', actor: 'fiona', limit: 2 })).map((e) => e.seq)).toEqual([
      2, 4,
    ]);
    expect((await audit.list({ approvalId: 'apr_4' })).map((e) => e.seq)).toEqual([4]);
    expect((await audit.list({ actionId: 'act_7' })).map((e) => e.seq)).toEqual([7]);
    expect((await audit.list({ afterSeq: 9 })).map((e) => e.seq)).toEqual([10, 11, 12]);
    expect((await audit.list({ latest: true, limit: 3 })).map((e) => e.seq)).toEqual([10, 11, 12]);
    const seen: number[] = [];
    for await (const e of audit.iterate({ pageSize: 5, toSeq: 11 })) seen.push(e.seq);
    expect(seen).toEqual(Array.from({ length: 11 }, (_, i) => i + 1));
  });

  it('refuses updates and deletes through ordinary SQL', async () => {
    await appendFive();
    await expect(rawSql(database, "UPDATE audit_log SET data = '{}' WHERE seq = 1")).rejects.toThrow(/append-only/);
    await expect(rawSql(database, 'DELETE FROM audit_log WHERE seq = 1')).rejects.toThrow(/append-only/);
  });

  describe('caught when tampered with directly in the database', () => {
    beforeEach(async () => {
      await appendFive();
      await dropAuditTriggers(database);
    });

    it('an edited entry, at that entry', async () => {
      await rawSql(database, `UPDATE audit_log SET data = '{"n":3,"amountUsd":1}' WHERE seq = 3`);
      expect(await verifyAuditLog(audit)).toMatchObject({
        ok: false,
        seq: 3,
        problem: 'edited',
        message: 'entry #3 was edited: its content no longer matches its hash',
      });
    });

    it('an edited actor or channel, at that entry', async () => {
      await rawSql(database, "UPDATE audit_log SET actor = 'carlos' WHERE seq = 4");
      expect(await verifyAuditLog(audit)).toMatchObject({ ok: false, seq: 4, problem: 'edited' });
    });

    it('a deleted entry, at the missing seq', async () => {
      await rawSql(database, 'DELETE FROM audit_log WHERE seq = 3');
      expect(await verifyAuditLog(audit)).toMatchObject({
        ok: false,
        seq: 3,
        problem: 'missing',
        message: 'entry #3 is missing: deleted from the log (the next entry present is #4)',
      });
    });

    it('two swapped entries, at the first of them', async () => {
      await rawSql(
        database,
        'UPDATE audit_log SET seq = -3 WHERE seq = 3; UPDATE audit_log SET seq = 3 WHERE seq = 4; UPDATE audit_log SET seq = 4 WHERE seq = -3;',
      );
      expect(await verifyAuditLog(audit)).toMatchObject({
        ok: false,
        seq: 3,
        problem: 'reordered',
        message: 'entry #3 holds the entry written as #4: entries were reordered',
      });
    });

    it('entries deleted from the end, against the chain head', async () => {
      await rawSql(database, 'DELETE FROM audit_log WHERE seq >= 4');
      expect(await verifyAuditLog(audit)).toMatchObject({ ok: false, seq: 4, problem: 'missing' });
    });

    it('an entry inserted past the chain head', async () => {
      await rawSql(
        database,
        `INSERT INTO audit_log (seq, at, kind, actor, channel, data, prev_hash, hash)
         SELECT 6, at, kind, actor, channel, data, hash, hash FROM audit_log WHERE seq = 5`,
      );
      expect(await verifyAuditLog(audit)).toMatchObject({ ok: false, seq: 6, problem: 'inserted' });
    });
  });
});

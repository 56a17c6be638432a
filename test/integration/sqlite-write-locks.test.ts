/**
 * Several processes share one SQLite file (workers of the chaos tests, `psizero start` beside a
 * CLI). Under WAL, a deferred transaction that reads and then writes after another connection
 * committed fails at once with SQLITE_BUSY, whatever the busy timeout; PsiZero's transactions
 * take the write lock up front instead. Two connections in one process stand in for two processes.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/index.ts';

describe('write transactions on a shared SQLite file', () => {
  const open: { close(): void }[] = [];
  afterEach(() => open.splice(0).forEach((c) => c.close()));

  it('a domain transaction holds the write lock from BEGIN, so a commit elsewhere cannot invalidate it', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'psizero-locks-')), 'shared.db');
    const { store, db } = await openDatabase({ sqlitePath: path });
    open.push(store);
    const other = new Database(path);
    open.push(other);
    other.pragma('busy_timeout = 0');
    other.exec('CREATE TABLE IF NOT EXISTS probe (n INTEGER)');

    let otherWrite: unknown = null;
    await db.transaction(async (trx) => {
      await trx.selectFrom('metric_targets').select('metric').execute();
      // The other connection tries to commit between this transaction's read and its write.
      try {
        other.prepare('INSERT INTO probe (n) VALUES (1)').run();
      } catch (err) {
        otherWrite = err;
      }
      await trx
        .insertInto('metric_targets')
        .values({ metric: 'mrr', day: '2026-03-01', target: 1, version: 1, updated_at: 0 })
        .execute();
    });

    expect((otherWrite as { code?: string } | null)?.code).toBe('SQLITE_BUSY');
    expect((await db.kysely.selectFrom('metric_targets').select('metric').execute()).map((r) => r.metric)).toEqual([
      'mrr',
    ]);
  });
});

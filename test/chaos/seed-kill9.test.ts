/**
 * Seeding the demo company is all or nothing: a process killed with SIGKILL while seeding leaves
 * no company at all (the whole company is one transaction), and the next start seeds it whole. A
 * process killed after the seed but before the take-over leaves the take-over to the next start,
 * which hands over the failed payments once. On SQLite and PostgreSQL, with real child processes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/index.ts';
import { DEMO_COMPANY } from '../../src/sim/index.ts';
import { databaseFactories } from '../helpers/databases.ts';
import { pgTestUrl } from '../helpers/pg-cluster.ts';

const workerScript = join(import.meta.dirname, 'seed-worker.ts');
const START = Date.UTC(2026, 4, 12, 14, 5);

/** Runs the seed worker; resolves with the child and its first line of output. */
function spawnSeeder(args: string[]): Promise<{ child: ChildProcess; line: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', workerScript, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.stdout.once('data', (line: Buffer) => resolve({ child, line: line.toString().trim() }));
    child.once('exit', (code) => reject(new Error(`seed worker exited with ${code} before saying anything`)));
  });
}

function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve(child.exitCode);
    child.once('exit', (code) => resolve(code));
  });
}

describe.each(databaseFactories())('demo seeding killed with SIGKILL on $name', (factory) => {
  let database: Database;
  const children: ChildProcess[] = [];
  afterEach(async () => {
    await Promise.all(children.splice(0).map(killed));
    await database?.close();
  });

  const open = async (): Promise<string[]> => {
    if (factory.name === 'sqlite') {
      const path = join(mkdtempSync(join(tmpdir(), 'psizero-seed-kill-')), 'demo.db');
      database = await openDatabase({ sqlitePath: path });
      return [path];
    }
    database = await factory.create();
    return database.dialect === 'postgres' ? [pgTestUrl()!, database.store.schema!] : [];
  };

  const counts = async () => {
    const { kysely } = database.db;
    const n = async (table: 'customers' | 'invoices' | 'usage_daily' | 'tickets' | 'domain_outbox' | 'demo_company') =>
      Number(
        (
          await kysely
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirst()
        )?.n ?? 0,
      );
    return {
      customers: await n('customers'),
      invoices: await n('invoices'),
      usage: await n('usage_daily'),
      tickets: await n('tickets'),
      outbox: await n('domain_outbox'),
      company: await n('demo_company'),
    };
  };

  const recoveryRuns = async (): Promise<number> => database.store.countRuns({ workflow: 'billing.recovery' });

  it('leaves no company when killed midway through seeding, and the next start seeds it whole', async () => {
    const target = await open();
    const stalled = await spawnSeeder(['stall-seeding', String(START), ...target]);
    children.push(stalled.child);
    // Half the customers are written (inside the transaction) when the process dies.
    expect(stalled.line).toBe(`seeding ${DEMO_COMPANY.customers / 2}`);
    await killed(stalled.child);
    expect(await counts()).toEqual({ customers: 0, invoices: 0, usage: 0, tickets: 0, outbox: 0, company: 0 });
    expect(await recoveryRuns()).toBe(0);

    const restart = await spawnSeeder(['start', String(START), ...target]);
    children.push(restart.child);
    expect(await exited(restart.child)).toBe(0);
    const done = JSON.parse(restart.line.replace(/^done /, '')) as { seeded: boolean; adopted: number };
    expect(done.seeded).toBe(true);
    expect(done.adopted).toBeGreaterThan(0);
    const after = await counts();
    expect(after).toMatchObject({ customers: DEMO_COMPANY.customers, company: 1 });
    expect(after.invoices).toBeGreaterThan(1_000);
    expect(after.usage).toBeGreaterThan(30_000);
    expect(await recoveryRuns()).toBe(done.adopted);
  }, 120_000);

  it('finishes the take-over at the next start when killed between the seed and the take-over', async () => {
    const target = await open();
    const stalled = await spawnSeeder(['stall-takeover', String(START), ...target]);
    children.push(stalled.child);
    expect(stalled.line).toBe('seeded');
    await killed(stalled.child);
    expect(await counts()).toMatchObject({ customers: DEMO_COMPANY.customers, company: 1 });
    expect(await recoveryRuns()).toBe(0);

    const restart = await spawnSeeder(['start', String(START + 60_000), ...target]);
    children.push(restart.child);
    expect(await exited(restart.child)).toBe(0);
    const done = JSON.parse(restart.line.replace(/^done /, '')) as { seeded: boolean; adopted: number };
    expect(done).toMatchObject({ seeded: false });
    expect(done.adopted).toBeGreaterThan(0);
    expect(await recoveryRuns()).toBe(done.adopted);
    expect((await counts()).customers).toBe(DEMO_COMPANY.customers);

    // Once taken over, a later start hands over nothing again.
    const third = await spawnSeeder(['start', String(START + 120_000), ...target]);
    children.push(third.child);
    expect(await exited(third.child)).toBe(0);
    expect(third.line).toBe('done {"seeded":false,"adopted":null}');
    expect(await recoveryRuns()).toBe(done.adopted);
  }, 120_000);
});

/**
 * The payment-recovery scenario across two worker processes sharing the store and a file clock;
 * on day 3, while the retries and escalations are in flight, a worker holding runs is killed with
 * SIGKILL and a replacement starts. The scenario's checks are the same as in-process: exact
 * charges per invoice (the gateway deduplicates by step key), emails (a resend after a crash keeps
 * its Message-ID), approvals, entitlements, metrics.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/index.ts';
import type { Store } from '../../src/store/types.ts';
import { createApiBed, type ApiBed } from '../helpers/api-bed.ts';
import { BILLED_AT, DAY, HOUR, SCENARIO_CONFIG, scenarioCustomers, seedScenario } from '../helpers/billing-scenario.ts';
import { pgTestUrl } from '../helpers/pg-cluster.ts';
import { playRecoveryScenario } from '../helpers/recovery-scenario-script.ts';
import { startSmtpServer, type TestSmtp } from '../helpers/smtp-server.ts';
import { databaseFactories } from '../helpers/databases.ts';
import { FileClock } from './file-clock.ts';

const workerScript = join(import.meta.dirname, 'billing-worker.ts');
const LEASE_MS = 1_000;
const KILL_AT = BILLED_AT + 3 * DAY;

interface Worker {
  child: ChildProcess;
  owner: string;
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

describe.each(databaseFactories())(
  'payment recovery across worker processes on $name, one killed with SIGKILL midway',
  (factory) => {
    let dir: string;
    let clock: FileClock;
    let smtp: TestSmtp;
    let bed: ApiBed;
    let store: Store;
    const workers: Worker[] = [];
    let workerArgs: string[];

    const spawnWorker = (): Promise<Worker> => {
      const child = spawn(process.execPath, ['--import', 'tsx', workerScript, ...workerArgs], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      return new Promise((resolve, reject) => {
        child.stdout.once('data', (line: Buffer) => {
          const worker = { child, owner: line.toString().trim().split(' ')[1]! };
          workers.push(worker);
          resolve(worker);
        });
        child.once('exit', (code) => reject(new Error(`billing worker exited early with ${code}`)));
      });
    };

    /** Nothing running and nothing due: every worker has finished what the current time allows. */
    const quiesce = async (): Promise<void> => {
      let calm = 0;
      for (let i = 0; i < 3_000 && calm < 3; i++) {
        const now = clock.now();
        const [running, next] = await Promise.all([store.countRuns({ status: 'running' }), store.nextWakeAt(now)]);
        calm = running === 0 && (next === null || next > now) ? calm + 1 : 0;
        if (calm < 3) await pause(10);
      }
      expect(calm, 'workers went quiet').toBe(3);
    };

    /** The billing schedule fires at 06:00 UTC; after the clock reaches a slot, wait for its run to exist. */
    const dailyRunFor = async (t: number): Promise<void> => {
      const day = new Date(t).toISOString().slice(0, 10);
      for (let i = 0; i < 1_000; i++) {
        const runs = await store.listRuns({ workflow: 'billing.daily', limit: 50 });
        if (runs.some((r) => (r.input as { day: string }).day === day)) return;
        await pause(10);
      }
      throw new Error(`no billing.daily run for ${day}`);
    };

    let killedOwner: string | null = null;
    let heldAtKill = 0;

    /** Kills a worker that holds runs right now, starts a replacement, and lets the dead worker's leases expire. */
    const killOneMidway = async (): Promise<void> => {
      for (let i = 0; i < 400 && killedOwner === null; i++) {
        const running = await store.listRuns({ status: 'running', limit: 500 });
        const victim = workers.find((w) => w.child.exitCode === null && running.some((r) => r.leaseOwner === w.owner));
        if (victim) {
          heldAtKill = running.filter((r) => r.leaseOwner === victim.owner).length;
          await killed(victim.child);
          killedOwner = victim.owner;
        } else await pause(2);
      }
      expect(killedOwner, 'a worker held runs when the kill came').not.toBeNull();
      await spawnWorker();
      clock.set(clock.now() + LEASE_MS + 1);
    };

    const runTo = async (t: number): Promise<void> => {
      for (;;) {
        await quiesce();
        const now = clock.now();
        const slot =
          Date.UTC(new Date(now).getUTCFullYear(), new Date(now).getUTCMonth(), new Date(now).getUTCDate(), 6) +
          (new Date(now).getUTCHours() >= 6 ? DAY : 0);
        const wake = await store.nextWakeAt(now);
        const next = Math.min(t, slot, ...(wake !== null && wake > now ? [wake] : []));
        if (next <= now) return;
        clock.set(next);
        if (next === slot) await dailyRunFor(slot);
        if (killedOwner === null && next >= KILL_AT) await killOneMidway();
      }
    };

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'psizero-billing-kill-'));
      clock = new FileClock(join(dir, 'clock'));
      clock.set(BILLED_AT - HOUR);
      smtp = await startSmtpServer();
      const configPath = join(dir, 'config.json');
      const config = {
        database: { sqlitePath: join(dir, 'billing.db') },
        worker: { leaseMs: LEASE_MS, pollMs: 20, concurrency: 100 },
        ...SCENARIO_CONFIG(smtp.port),
      };
      writeFileSync(configPath, JSON.stringify(config));
      const database: Database =
        factory.name === 'sqlite' ? await openDatabase(config.database) : await factory.create();
      store = database.store;
      workerArgs = [
        configPath,
        join(dir, 'clock'),
        ...(database.dialect === 'postgres' ? [pgTestUrl()!, database.store.schema!] : []),
      ];
      bed = await createApiBed({ name: factory.name, create: async () => database }, { clock, config });
      await seedScenario(bed.app, scenarioCustomers());
      await spawnWorker();
      await spawnWorker();
    }, 60_000);

    afterAll(async () => {
      await Promise.all(workers.map((w) => killed(w.child)));
      await bed?.close();
      await smtp?.close();
    });

    it('charges, emails, escalates and restricts exactly as in one process', async () => {
      await playRecoveryScenario({
        app: bed.app,
        smtp,
        call: (method, path, options) => bed.call(method, path, options),
        key: (role) => bed.key(role),
        runTo,
        settle: quiesce,
        emailExactlyOnce: false,
      });
      expect(killedOwner).not.toBeNull();
      expect(heldAtKill).toBeGreaterThan(0);
      // Every run the killed worker held was finished by the others: nothing is left running or stuck.
      expect(await store.countRuns({ status: ['failed', 'needs_attention'] })).toBe(0);
    }, 240_000);
  },
);

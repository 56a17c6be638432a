import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.ts';
import { openDatabase } from '../../src/db/index.ts';
import { CRASH_STEPS, crashWorkflow } from './crash-workflow.ts';
import { EffectsLedger } from './effects-ledger.ts';

const RUNS = 400;
const KILLS = 50;
/** Run n starts at base + n × SPREAD_MS: about as long as 50 worker lifetimes. */
const SPREAD_MS = 120;
const workerScript = join(import.meta.dirname, 'crash-worker.ts');

function spawnWorker(db: string, ledger: string): Promise<{ child: ChildProcess; owner: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', workerScript, db, ledger], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.stdout.once('data', (line: Buffer) => resolve({ child, owner: line.toString().trim().split(' ')[1]! }));
    child.once('exit', (code) => reject(new Error(`worker exited early with ${code}`)));
  });
}

function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

// SQLite only: worker processes sharing one SQLite file. The PostgreSQL counterpart, with four
// workers on one server, is pg-multi-worker.test.ts.
describe('crash recovery on SQLite (kill -9)', () => {
  it(`completes ${RUNS} runs with every effect exactly once across ${KILLS} SIGKILLs`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'psizero-crash-'));
    const dbPath = join(dir, 'engine.db');
    const ledgerPath = join(dir, 'ledger.db');
    const { store } = await openDatabase({ sqlitePath: dbPath });
    const ledger = new EffectsLedger(ledgerPath);
    const engine = new Engine({ store }).register(crashWorkflow(ledger));
    const base = Date.now() + 1_000;
    await engine.startMany(
      Array.from({ length: RUNS }, (_, n) => ({
        workflow: 'crash.effects',
        input: { n, startAt: base + n * SPREAD_MS },
      })),
    );

    let seed = 42;
    const rand = (): number => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    let kills = 0;
    let interrupted = 0;
    while (kills < KILLS) {
      const { child, owner } = await spawnWorker(dbPath, ledgerPath);
      await new Promise((r) => setTimeout(r, 20 + rand() * 250));
      await killed(child);
      kills++;
      const held = await store.listRuns({ status: 'running', limit: RUNS });
      if (held.some((r) => r.leaseOwner === owner)) interrupted++;
    }
    const completedDuringKills = await store.countRuns({ status: 'completed' });
    const { child: finisher } = await spawnWorker(dbPath, ledgerPath);
    for (let i = 0; i < 600 && (await store.countRuns({ status: 'completed' })) < RUNS; i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    finisher.kill('SIGTERM');
    await killed(finisher);

    expect(kills).toBe(KILLS);
    // The kills really interrupted work in progress: most of them left runs leased by the dead worker.
    expect(interrupted).toBeGreaterThanOrEqual(KILLS * 0.7);
    expect(completedDuringKills).toBeGreaterThan(0);
    expect(await store.countRuns({ status: 'completed' })).toBe(RUNS);
    const effects = ledger.all();
    const runs = await store.listRuns({ limit: RUNS });
    const expected = runs.flatMap((r) => CRASH_STEPS.map((s) => `${r.id}:${s}`)).sort();
    expect(effects.map((e) => e.key).sort()).toEqual(expected);
    for (const r of runs) {
      const completedSteps = (await store.getHistory(r.id))
        .filter((h) => h.type === 'step_completed')
        .map((h) => h.data.name);
      expect(completedSteps).toEqual([...CRASH_STEPS]);
    }
    const redelivered = effects.filter((e) => e.requests > 1).length;
    console.info(
      `kill -9: ${kills} kills, ${interrupted} with runs in flight, ${redelivered} effects re-requested and deduplicated by key`,
    );
    ledger.close();
    await store.close();
  }, 300_000);
});

import { describe, expect, it } from 'vitest';
import { controlPgTestCluster, pgTestUrl } from '../helpers/pg-cluster.ts';
import { expectedLedgerKeys, exited, pgHarness } from './pg-harness.ts';

const url = pgTestUrl();
const PARENTS = 300;
// Restarting the server needs root and the private test cluster (scripts/pg-test-cluster.sh).
const canRestart = Boolean(url) && process.getuid?.() === 0 && url!.includes(':5433/');

describe.skipIf(!canRestart)('PostgreSQL restart while runs are in flight', () => {
  it('workers reconnect and every run completes with every effect once', async () => {
    const h = await pgHarness(url!);
    try {
      await Promise.all([0, 1].map(() => h.spawnWorker()));
      await h.engine.startMany(Array.from({ length: PARENTS }, (_, n) => ({ workflow: 'mix.parent', input: { n } })));
      const published = new Set<string>();
      let restartedAt = -1;
      const deadline = Date.now() + 240_000;
      for (;;) {
        try {
          await h.publishGoForWaitingParents(published);
          const done = await h.store.countRuns({ workflow: 'mix.parent', status: 'completed' });
          if (restartedAt < 0 && done >= PARENTS / 4) {
            restartedAt = done;
            controlPgTestCluster('restart', 'immediate');
          }
          if (done === PARENTS) break;
        } catch {
          // The test's own connections fail across the restart too; the next round reconnects.
        }
        if (Date.now() > deadline) throw new Error('runs did not complete after the restart');
        await new Promise((r) => setTimeout(r, 200));
      }
      for (const w of h.workers) w.kill('SIGTERM');
      await Promise.all(h.workers.map(exited));
      await h.engine.drain();

      expect(restartedAt).toBeGreaterThan(0);
      expect(restartedAt).toBeLessThan(PARENTS);
      const total = await h.store.countRuns({});
      expect(await h.store.countRuns({ status: 'completed' })).toBe(total);
      const { expected, actual } = await expectedLedgerKeys(h);
      expect(actual).toEqual(expected);
    } finally {
      await h.close();
    }
  }, 300_000);
});

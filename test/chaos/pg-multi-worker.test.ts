import { describe, expect, it } from 'vitest';
import { pgTestUrl } from '../helpers/pg-cluster.ts';
import { expectedLedgerKeys, exited, pgHarness } from './pg-harness.ts';

const url = pgTestUrl();
const PARENTS = 2_000;

// PostgreSQL only: SQLite is the single-machine store; its kill -9 test is sqlite-kill9.test.ts.
describe.skipIf(!url)('several worker processes on one PostgreSQL', () => {
  it(`4 workers run ${PARENTS} mixed workflows; one is killed with SIGKILL and replaced; every effect and cron slot happens once`, async () => {
    const h = await pgHarness(url!);
    try {
      await Promise.all([0, 1, 2, 3].map(() => h.spawnWorker()));
      await h.engine.startMany(Array.from({ length: PARENTS }, (_, n) => ({ workflow: 'mix.parent', input: { n } })));
      const published = new Set<string>();
      let killedAt = -1;
      const deadline = Date.now() + 240_000;
      for (;;) {
        await h.publishGoForWaitingParents(published);
        const done = await h.store.countRuns({ workflow: 'mix.parent', status: 'completed' });
        if (killedAt < 0 && done >= PARENTS / 3) {
          killedAt = done;
          h.workers[0]!.kill('SIGKILL');
          await exited(h.workers[0]!);
          await h.spawnWorker();
        }
        if (done === PARENTS) break;
        if (Date.now() > deadline) throw new Error(`only ${done} of ${PARENTS} parents completed`);
        await new Promise((r) => setTimeout(r, 200));
      }
      // Let the cron tick run a little longer, then stop the workers gracefully.
      await new Promise((r) => setTimeout(r, 1_500));
      for (const w of h.workers.slice(1)) w.kill('SIGTERM');
      await Promise.all(h.workers.map(exited));
      // Ticks fired just before the stop may still be pending: finish them here so every run has ended.
      await h.engine.drain();

      expect(killedAt).toBeGreaterThan(0);
      expect(killedAt).toBeLessThan(PARENTS);
      expect(await h.store.countRuns({ workflow: 'mix.child', status: 'completed' })).toBe(PARENTS);
      const total = await h.store.countRuns({});
      expect(await h.store.countRuns({ status: 'completed' })).toBe(total);

      const { expected, actual } = await expectedLedgerKeys(h);
      expect(actual).toEqual(expected);

      const ticks = await h.store.listRuns({ workflow: 'mix.tick', limit: 10_000 });
      const slots = ticks.map((t) => Date.parse((t.input as { slot: string }).slot)).sort((a, b) => a - b);
      expect(slots.length).toBeGreaterThan(5);
      expect(new Set(slots).size).toBe(slots.length);
      for (let i = 1; i < slots.length; i++) expect(slots[i]! - slots[i - 1]!).toBe(1_000);
    } finally {
      await h.close();
    }
  }, 300_000);
});

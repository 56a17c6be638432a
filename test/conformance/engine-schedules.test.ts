import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ManualClock } from '../../src/lib/clock.ts';
import { Engine } from '../../src/engine/engine.ts';
import { defineWorkflow } from '../../src/engine/workflow.ts';
import { ValidationError } from '../../src/lib/errors.ts';
import type { Store } from '../../src/store/types.ts';
import { databaseFactories } from '../helpers/databases.ts';

const briefing = defineWorkflow({
  name: 'briefing',
  input: z.object({ slot: z.string() }),
  run: async (_ctx, input) => input.slot,
});

function laLocal(iso: string): string {
  return new Date(iso).toLocaleString('en-US', { timeZone: 'America/Los_Angeles', hour12: false });
}

describe.each(databaseFactories())('cron schedules on $name', (factory) => {
  let store: Store;
  beforeEach(async () => {
    ({ store } = await factory.create());
  });
  afterEach(async () => {
    await store.close();
  });

  function engineAt(start: string, workerId = 'w1'): { engine: Engine; clock: ManualClock } {
    const clock = new ManualClock(new Date(start));
    const engine = new Engine({ store, clock, workerId }).register(briefing);
    return { engine, clock };
  }

  async function slotsFired(engine: Engine): Promise<string[]> {
    const runs = await engine.listRuns({ workflow: 'briefing', limit: 1_000 });
    return runs.map((r) => (r.input as { slot: string }).slot).sort();
  }

  it.each([
    ['spring forward', '2026-03-06T12:00:00Z'],
    ['fall back', '2026-10-30T12:00:00Z'],
  ])('fires 08:00 Los Angeles time every day across %s', async (_label, start) => {
    const { engine, clock } = engineAt(start);
    engine.schedule({
      name: 'morning',
      cron: '0 8 * * *',
      timezone: 'America/Los_Angeles',
      workflow: 'briefing',
      input: (slot) => ({ slot: slot.toISOString() }),
    });
    await engine.runUntil(clock.now() + 5 * 86_400_000);
    const slots = await slotsFired(engine);
    expect(slots).toHaveLength(5);
    for (const s of slots) expect(laLocal(s)).toMatch(/, 08:00:00$/);
    // The UTC hour shifts by one across the change: proof the local time was kept.
    expect(new Set(slots.map((s) => new Date(s).getUTCHours())).size).toBe(2);
  });

  it('fires each slot exactly once with several workers racing', async () => {
    const a = engineAt('2026-01-05T00:00:00Z', 'a');
    const b = new Engine({ store, clock: a.clock, workerId: 'b' }).register(briefing);
    for (const e of [a.engine, b]) {
      e.schedule({
        name: 'hourly',
        cron: '0 * * * *',
        timezone: 'UTC',
        workflow: 'briefing',
        input: (slot) => ({ slot: slot.toISOString() }),
      });
    }
    for (let h = 0; h < 6; h++) {
      a.clock.advance(3_600_000);
      await Promise.all([a.engine.drain(), b.drain(), a.engine.drain()]);
    }
    const slots = await slotsFired(a.engine);
    expect(slots).toHaveLength(6);
    expect(new Set(slots).size).toBe(6);
  });

  it('skips slots missed during downtime under the skip policy', async () => {
    const { engine, clock } = engineAt('2026-01-05T00:00:30Z');
    engine.schedule({
      name: 'hourly-skip',
      cron: '0 * * * *',
      timezone: 'UTC',
      workflow: 'briefing',
      catchUp: 'skip',
      input: (s) => ({ slot: s.toISOString() }),
    });
    await engine.drain();
    clock.advance(5 * 3_600_000 + 600_000);
    await engine.drain();
    expect(await slotsFired(engine)).toEqual([]);
    clock.set(new Date('2026-01-05T06:00:10Z'));
    await engine.drain();
    expect(await slotsFired(engine)).toEqual(['2026-01-05T06:00:00.000Z']);
  });

  it('fires once for all missed slots under the fire_once policy', async () => {
    const { engine, clock } = engineAt('2026-01-05T00:00:30Z');
    engine.schedule({
      name: 'hourly-once',
      cron: '0 * * * *',
      timezone: 'UTC',
      workflow: 'briefing',
      catchUp: 'fire_once',
      input: (s) => ({ slot: s.toISOString() }),
    });
    await engine.drain();
    clock.advance(5 * 3_600_000);
    await engine.drain();
    expect(await slotsFired(engine)).toEqual(['2026-01-05T05:00:00.000Z']);
  });

  it('rejects a bad cron expression or time zone with the field named', () => {
    const { engine } = engineAt('2026-01-05T00:00:00Z');
    expect(() =>
      engine.schedule({ name: 'bad', cron: '61 * * * *', timezone: 'Mars/Olympus', workflow: 'briefing' }),
    ).toThrow(ValidationError);
    try {
      engine.schedule({ name: 'bad', cron: '61 * * * *', timezone: 'Mars/Olympus', workflow: 'briefing' });
    } catch (err) {
      expect((err as ValidationError).issues.map((i) => i.path)).toEqual(['cron', 'timezone']);
    }
  });
});

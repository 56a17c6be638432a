/**
 * `npm start` on an empty database: the simulated company ends with a rough couple of days (a few
 * minutes of API downtime and a card-processor incident on each of the two days before the start),
 * and its first morning briefing, composed at once, escalates the downtime to the owner, whatever
 * the hour of the start.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/app/config.ts';
import { createApp, type App } from '../../../src/app/create-app.ts';
import { ManualClock } from '../../../src/lib/clock.ts';
import { startDemoCompany } from '../../../src/sim/index.ts';
import type { BriefingModel } from '../../../src/workflows/briefing/index.ts';
import { sqliteFactoryWith } from '../../helpers/databases.ts';

/** Before 08:00 in Los Angeles (the latest morning is the day before), and after it. */
const STARTS = [
  { at: Date.UTC(2026, 2, 18, 5, 12, 7), date: '2026-03-17', day: '2026-03-16', downtime: 14 },
  { at: Date.UTC(2026, 2, 18, 20, 3, 0), date: '2026-03-18', day: '2026-03-17', downtime: 6 },
];

describe('the demo company’s first morning briefing', () => {
  let app: App | null = null;
  afterEach(async () => {
    await app?.close();
    app = null;
  });

  it.each(STARTS)(
    'started at $at: the briefing of $date escalates $downtime minutes of downtime',
    async (start) => {
      app = await createApp(loadConfig({ env: {} }), {
        clock: new ManualClock(start.at),
        database: await sqliteFactoryWith({ durability: 'normal' }).create(),
      });
      await startDemoCompany(app);
      const morning = await app.briefing.startLatestMorning();
      expect(morning).toMatchObject({ date: start.date, created: true });
      // Once: a second start (or the schedule catching up) finds the same run.
      expect((await app.briefing.startLatestMorning()).created).toBe(false);
      await app.engine.drain();
      const run = await app.engine.getRun(morning.runId);
      expect(run.status).toBe('completed');
      const model = (await app.briefing.repository.get(start.date))!.model as BriefingModel;
      expect(model.day).toBe(start.day);
      const downtime = model.checks.find((c) => c.rule === 'system_downtime')!;
      expect(downtime).toMatchObject({ status: 'fired', value: start.downtime });
      // The owner heard of it first, then got the briefing; finance and customer success their own.
      const notes = await app.repositories.notifications.list('olivia', { limit: 20 });
      expect(notes.map((n) => n.type)).toContain('briefing_urgent');
      expect(notes.map((n) => n.type)).toContain('briefing');
      expect((await app.repositories.notifications.list('fiona', { limit: 20 })).map((n) => n.type)).toContain(
        'briefing',
      );
      // Every metric has 90 days of history to chart.
      for (const m of model.metrics) expect(m.chart.values.filter((v) => v !== null).length).toBeGreaterThan(80);
    },
    120_000,
  );
});

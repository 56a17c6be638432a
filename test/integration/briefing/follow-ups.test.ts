/**
 * Follow-ups named in the plan become tasks and come back while open: the scenario company's
 * first morning plans them through the real `briefing.morning` run, the person closes one from the
 * Briefing page, and the next morning's plan carries the other one (by the date that named it) and
 * neither plans the closed one again nor doubles the open one. Only the person it is for may close it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FollowUp } from '../../../src/briefings/index.ts';
import { ManualClock } from '../../../src/lib/clock.ts';
import {
  briefingFor,
  audienceOf,
  briefingSections,
  renderBriefingText,
  type BriefingModel,
} from '../../../src/workflows/briefing/index.ts';
import { createApiBed, type ApiBed, type Creds } from '../../helpers/api-bed.ts';
import { MORNINGS, START, seedBriefingScenario } from '../../helpers/briefing-scenario.ts';
import { databaseFactories } from '../../helpers/databases.ts';

describe.each(databaseFactories())('follow-ups on $name', (factory) => {
  let bed: ApiBed;
  let clock: ManualClock;
  const as: Record<string, Creds> = {};
  let afterFirst: FollowUp[];
  let closed: FollowUp;

  const textFor = async (date: string, personId: string) => {
    const model = (await bed.app.briefing.repository.get(date))!.model as BriefingModel;
    const person = bed.app.policy.directory.people.find((p) => p.id === personId)!;
    return renderBriefingText(briefingSections(briefingFor(model, person, audienceOf(person)!)));
  };

  beforeAll(async () => {
    clock = new ManualClock(START);
    bed = await createApiBed(factory, { clock, briefingSchedule: true });
    await seedBriefingScenario(bed.app);
    await bed.app.engine.runUntil(MORNINGS[0].asOf + 10 * 60_000);
    afterFirst = await bed.app.briefing.followUps.list({ personId: 'olivia' });
    for (const id of ['olivia', 'hana']) as[id] = await bed.signIn(id);
  }, 120_000);

  afterAll(async () => {
    await bed?.close();
  });

  it('records the follow-ups the first morning’s plan names as the person’s open tasks', async () => {
    const text = await textFor(MORNINGS[0].date, 'olivia');
    const named = afterFirst.map((f) => f.text);
    // Two at least, so that one can be closed and another carried.
    expect(named.length).toBeGreaterThanOrEqual(2);
    for (const t of named) expect(text).toContain(t);
    expect(afterFirst.every((f) => f.status === 'open' && f.briefingDate === MORNINGS[0].date)).toBe(true);
    const run = (await bed.app.engine.listRuns({ workflow: 'briefing.morning', limit: 5 }))[0]!;
    expect(run.version).toBe(2);
    expect((run.output as { followUps: string[] }).followUps).toEqual(
      expect.arrayContaining(afterFirst.map((f) => f.id)),
    );
  });

  it('lists them on the Briefing page and lets only their person close one', async () => {
    const page = await bed.call('GET', `/briefing/${MORNINGS[0].date}`, { as: as.olivia });
    const html = await page.text();
    for (const f of afterFirst) expect(html).toContain(`data-follow-up="${f.id}"`);
    closed = afterFirst[0]!;
    const post = (who: string, status: string) =>
      bed.call('POST', `/follow-ups/${closed.id}`, {
        as: as[who],
        form: { status, back: MORNINGS[0].date, _csrf: as[who]!.csrf! },
        headers: { origin: 'http://localhost' },
      });
    expect((await post('hana', 'done')).status).toBe(403);
    expect((await post('olivia', 'finished')).status).toBe(400);
    const done = await post('olivia', 'done');
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe(`/briefing/${MORNINGS[0].date}?done=follow-up-done#follow-ups`);
    expect(await bed.app.briefing.followUps.get(closed.id)).toMatchObject({ status: 'done', closedBy: 'olivia' });
    expect((await post('olivia', 'dismissed')).status).toBe(409);
    const after = await (await bed.call('GET', `/briefing/${MORNINGS[0].date}`, { as: as.olivia })).text();
    expect(after).not.toContain(`data-follow-up="${closed.id}"`);
  });

  it('carries the open ones into the next morning by date, and plans neither the closed nor the open again', async () => {
    await bed.app.engine.runUntil(MORNINGS[1].asOf + 10 * 60_000);
    const text = await textFor(MORNINGS[1].date, 'olivia');
    const stillOpen = afterFirst.filter((f) => f.id !== closed.id);
    for (const f of stillOpen) expect(text).toContain(`Still open from Saturday, March 7: ${f.text}`);
    expect(text).not.toContain(closed.text);
    const now = await bed.app.briefing.followUps.list({ personId: 'olivia' });
    // Nothing doubled: each (kind, customer) has at most one open task.
    const open = now.filter((f) => f.status === 'open').map((f) => `${f.kind}|${f.customerId}`);
    expect(new Set(open).size).toBe(open.length);
    expect(now.filter((f) => f.customerId === closed.customerId && f.kind === closed.kind)).toHaveLength(1);
  });
});

/**
 * Follow-ups named in the plan become tasks and come back while open: the scenario company's
 * first morning plans them through the real `briefing.morning` run (each customer's follow-up is
 * its customer-success manager's), one person closes theirs from the Briefing page, and the next
 * morning carries the other one (by the date that named it) and neither plans the closed one again
 * nor doubles the open one. Only the person it is for may close it.
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
    afterFirst = await bed.app.briefing.followUps.list();
    for (const id of ['sam', 'hana']) as[id] = await bed.signIn(id);
    as.tarasKey = await bed.key('operator', 'tara');
    as.machine = await bed.key('operator');
  }, 120_000);

  afterAll(async () => {
    await bed?.close();
  });

  it('records the follow-ups the first morning’s plans name as their people’s open tasks', async () => {
    // Hazel Trial (an engaged trial) is Sam's customer, Blue Hobby (past its quota) Tara's: theirs to follow up.
    expect(afterFirst.map((f) => [f.personId, f.kind, f.customerId]).sort()).toEqual([
      ['sam', 'follow_up', 'c08'],
      ['tara', 'upgrade', 'c02'],
    ]);
    for (const f of afterFirst) {
      expect(f).toMatchObject({ status: 'open', briefingDate: MORNINGS[0].date });
      expect(await textFor(MORNINGS[0].date, f.personId)).toContain(f.text);
    }
    expect(await textFor(MORNINGS[0].date, 'olivia')).not.toMatch(/Follow up with|Propose an upgrade to/);
    const run = (await bed.app.engine.listRuns({ workflow: 'briefing.morning', limit: 5 }))[0]!;
    expect(run.version).toBe(2);
    expect((run.output as { followUps: string[] }).followUps.sort()).toEqual(afterFirst.map((f) => f.id).sort());
  });

  it('lists them on the Briefing page and lets only their person close one', async () => {
    closed = afterFirst.find((f) => f.personId === 'sam')!;
    const html = await (await bed.call('GET', `/briefing/${MORNINGS[0].date}`, { as: as.sam })).text();
    expect(html).toContain(`data-follow-up="${closed.id}"`);
    expect(html).not.toContain(`data-follow-up="${afterFirst.find((f) => f.personId === 'tara')!.id}"`);
    const post = (who: string, status: string) =>
      bed.call('POST', `/follow-ups/${closed.id}`, {
        as: as[who],
        form: { status, back: MORNINGS[0].date, _csrf: as[who]!.csrf! },
        headers: { origin: 'http://localhost' },
      });
    expect((await post('hana', 'done')).status).toBe(403);
    expect((await post('sam', 'finished')).status).toBe(400);
    const done = await post('sam', 'done');
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe(`/briefing/${MORNINGS[0].date}?done=follow-up-done#follow-ups`);
    expect(await bed.app.briefing.followUps.get(closed.id)).toMatchObject({ status: 'done', closedBy: 'sam' });
    expect((await post('sam', 'dismissed')).status).toBe(409);
    const after = await (await bed.call('GET', `/briefing/${MORNINGS[0].date}`, { as: as.sam })).text();
    expect(after).not.toContain(`data-follow-up="${closed.id}"`);
  });

  it('carries the open ones into the next morning by date, and plans neither the closed nor the open again', async () => {
    await bed.app.engine.runUntil(MORNINGS[1].asOf + 10 * 60_000);
    const open = afterFirst.find((f) => f.personId === 'tara')!;
    expect(await textFor(MORNINGS[1].date, 'tara')).toContain(`Still open from Saturday, March 7: ${open.text}`);
    expect(await textFor(MORNINGS[1].date, 'sam')).not.toContain(closed.text);
    const now = await bed.app.briefing.followUps.list();
    // Nothing doubled, nothing planned again: the same two tasks, one done and one open.
    expect(now.map((f) => [f.id, f.status]).sort()).toEqual(
      [
        [closed.id, 'done'],
        [open.id, 'open'],
      ].sort(),
    );
  });

  it('lists and closes the caller’s own through the API, and nobody else’s', async () => {
    const list = async (who: string, query = '') => {
      const res = await bed.call('GET', `/api/follow-ups${query}`, { as: as[who] });
      return { status: res.status, body: (await res.json()) as { followUps: { id: string; status: string }[] } };
    };
    const open = afterFirst.find((f) => f.personId === 'tara')!;
    as.sam = await bed.signIn('sam'); // the first session has ended with the day that passed
    expect((await list('tarasKey', '?status=open')).body.followUps.map((f) => f.id)).toEqual([open.id]);
    expect((await list('sam', '?status=done')).body.followUps.map((f) => f.id)).toEqual([closed.id]);
    expect((await list('machine')).status).toBe(403);
    expect((await list('tarasKey', '?status=closed')).status).toBe(400);
    const close = (who: string, id: string, body: unknown) =>
      bed.call('POST', `/api/follow-ups/${id}/close`, { as: as[who], json: body });
    expect((await close('tarasKey', closed.id, { status: 'done' })).status).toBe(403);
    expect((await close('tarasKey', open.id, { status: 'finished' })).status).toBe(400);
    expect((await close('tarasKey', 'fu_unknown', { status: 'done' })).status).toBe(404);
    const res = await close('tarasKey', open.id, { status: 'dismissed' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ followUp: { id: open.id, status: 'dismissed' } });
    expect((await close('tarasKey', open.id, { status: 'done' })).status).toBe(409);
    expect((await bed.app.briefing.followUps.get(open.id)).closedBy).toBe('tara');
  });
});

/**
 * The follow-up tasks on both stores: a morning's plan recorded once however often its step runs,
 * one open task per person, kind and customer (a later morning naming it again keeps the first),
 * read as of a moment (a past morning sees what was open then), and closed once.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FollowUpRepository, followUpId, type PlannedFollowUp } from '../../src/briefings/index.ts';
import type { Database } from '../../src/db/index.ts';
import { databaseFactories } from '../helpers/databases.ts';

const T = Date.UTC(2026, 2, 7, 16);
const DAY = 86_400_000;

const task = (overrides: Partial<PlannedFollowUp> = {}): PlannedFollowUp => ({
  personId: 'olivia',
  kind: 'follow_up',
  customerId: 'c1',
  text: 'Follow up with One Co, a trial using the product every day',
  briefingDate: '2026-03-07',
  ...overrides,
});

describe.each(databaseFactories())('follow-ups on $name', (factory) => {
  let database: Database;
  let repo: FollowUpRepository;
  beforeEach(async () => {
    database = await factory.create();
    repo = new FollowUpRepository(database.db);
  });
  afterEach(async () => {
    await database.close();
  });

  it('records a plan once however often its step runs, and keeps an open task when a later morning names it again', async () => {
    const planned = [task(), task({ kind: 'upgrade', customerId: 'c2', text: 'Propose an upgrade to Two Co' })];
    const first = await repo.plan(planned, { runId: 'run_1', now: T });
    expect(first).toEqual(planned.map(followUpId));
    expect(await repo.plan(planned, { runId: 'run_1', now: T + 5 })).toEqual(first);
    const later = await repo.plan([task({ briefingDate: '2026-03-08' })], { runId: 'run_2', now: T + DAY });
    expect(later).toEqual([first[0]]);
    const all = await repo.list();
    expect(all.map((f) => [f.id, f.status, f.createdAt, f.runId])).toEqual([
      [first[0], 'open', T, 'run_1'],
      [first[1], 'open', T, 'run_1'],
    ]);
    // Another person's task for the same customer is theirs.
    expect(await repo.plan([task({ personId: 'hana' })], { runId: 'run_2', now: T + DAY })).toHaveLength(1);
    expect(await repo.list({ personId: 'hana' })).toHaveLength(1);
  });

  it('reads what was open at a moment, and what was closed in a span', async () => {
    const [id] = await repo.plan([task()], { runId: null, now: T });
    expect(await repo.openAt(T - 1)).toEqual([]);
    expect((await repo.openAt(T)).map((f) => f.id)).toEqual([id]);
    const closed = await repo.close(id!, { status: 'dismissed', by: 'olivia', at: T + DAY });
    expect(closed).toMatchObject({ status: 'dismissed', closedAt: T + DAY, closedBy: 'olivia' });
    expect((await repo.openAt(T + DAY - 1)).map((f) => f.id)).toEqual([id]);
    expect(await repo.openAt(T + DAY)).toEqual([]);
    expect((await repo.closedBetween(T, T + DAY)).map((f) => f.id)).toEqual([id]);
    expect(await repo.closedBetween(T + DAY, T + 2 * DAY)).toEqual([]);
    // Closed, the same task may be planned again (the briefing waits RECENTLY_CLOSED_DAYS first).
    const again = await repo.plan([task({ briefingDate: '2026-03-09' })], { runId: null, now: T + 2 * DAY });
    expect(again).toHaveLength(1);
    expect(again[0]).not.toBe(id);
  });

  it('closes a task once; closing it again or an unknown one is refused', async () => {
    const [id] = await repo.plan([task()], { runId: null, now: T });
    await repo.close(id!, { status: 'done', by: 'olivia', at: T + 1 });
    await expect(repo.close(id!, { status: 'dismissed', by: 'olivia', at: T + 2 })).rejects.toMatchObject({
      code: 'FOLLOW_UP_CLOSED',
      message: 'this follow-up was already marked done',
    });
    await expect(repo.get('fu_unknown')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

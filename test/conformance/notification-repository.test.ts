/**
 * The dashboard notifications table on both stores: idempotent writes (a delivery step that runs
 * twice), newest-first listing, unread counts, marking read only one's own notifications, and
 * settling the requests about an approval (the deciders', then everyone's).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DashboardNotification, NotificationRepository } from '../../src/notifications/notification-repository.ts';
import type { Database } from '../../src/db/index.ts';
import { createRepositories } from '../../src/app/repositories.ts';
import { databaseFactories } from '../helpers/databases.ts';

const T = Date.UTC(2026, 2, 1, 12);

function note(
  id: string,
  personId: string,
  at: number,
  extra: Partial<DashboardNotification> = {},
): DashboardNotification {
  return {
    id,
    personId,
    type: 'approval_requested',
    title: `Approval needed: ${id}`,
    body: 'Amount: $4,200',
    approvalId: 'apr_1',
    runId: 'run_1',
    deadline: at + 3_600_000,
    createdAt: at,
    readAt: null,
    ...extra,
  };
}

describe.each(databaseFactories())('notification repository on $name', (factory) => {
  let database: Database;
  let repo: NotificationRepository;
  beforeEach(async () => {
    database = await factory.create();
    repo = createRepositories(database.db).notifications;
  });
  afterEach(async () => {
    await database.close();
  });

  it('writes once per id and reads back what it wrote', async () => {
    const first = note('ntf_a', 'fiona', T);
    expect(await repo.create(first)).toEqual({ notification: first, created: true });
    const again = await repo.create({ ...first, title: 'a retried step', createdAt: T + 5_000 });
    expect(again).toEqual({ notification: first, created: false });
    expect(await repo.list('fiona')).toEqual([first]);
    const bare = note('ntf_b', 'fiona', T + 1, { approvalId: null, runId: null, deadline: null });
    await repo.create(bare);
    expect((await repo.list('fiona'))[0]).toEqual(bare);
  });

  it('lists one person’s notifications newest first, all or unread only, with a limit', async () => {
    for (let i = 0; i < 5; i++) await repo.create(note(`ntf_${i}`, 'fiona', T + i * 1_000));
    await repo.create(note('ntf_other', 'carlos', T + 10_000));
    expect((await repo.list('fiona')).map((n) => n.id)).toEqual(['ntf_4', 'ntf_3', 'ntf_2', 'ntf_1', 'ntf_0']);
    expect((await repo.list('fiona', { limit: 2 })).map((n) => n.id)).toEqual(['ntf_4', 'ntf_3']);
    expect(await repo.countUnread('fiona')).toBe(5);

    expect(await repo.markRead('fiona', ['ntf_4', 'ntf_2', 'ntf_missing'], T + 20_000)).toBe(2);
    expect(await repo.markRead('fiona', ['ntf_4'], T + 30_000)).toBe(0);
    expect((await repo.list('fiona', { unreadOnly: true })).map((n) => n.id)).toEqual(['ntf_3', 'ntf_1', 'ntf_0']);
    expect((await repo.list('fiona')).find((n) => n.id === 'ntf_4')?.readAt).toBe(T + 20_000);
    expect(await repo.countUnread('fiona')).toBe(3);
  });

  it("never marks another person's notifications read", async () => {
    await repo.create(note('ntf_c', 'carlos', T));
    await repo.create(note('ntf_f', 'fiona', T));
    expect(await repo.markRead('fiona', ['ntf_c'], T + 1)).toBe(0);
    expect(await repo.markAllRead('fiona', T + 2)).toBe(1);
    expect(await repo.countUnread('carlos')).toBe(1);
    expect(await repo.countUnread('fiona')).toBe(0);
    expect(await repo.markRead('fiona', [], T + 3)).toBe(0);
  });

  it('settles the requests about one approval: the deciders’ first, everyone’s once it is settled', async () => {
    await repo.create(note('ntf_f', 'fiona', T));
    await repo.create(note('ntf_s', 'sam', T));
    await repo.create(note('ntf_s_escalated', 'sam', T + 1, { type: 'approval_escalated' }));
    await repo.create(note('ntf_c', 'carlos', T, { type: 'recommendation' }));
    await repo.create(note('ntf_f_done', 'fiona', T + 2, { type: 'approval_resolved' }));
    await repo.create(note('ntf_f_other', 'fiona', T, { approvalId: 'apr_2' }));
    await repo.create(note('ntf_f_read', 'fiona', T + 3, { readAt: T + 4 }));

    expect(await repo.settle('apr_1', T + 10, ['fiona'])).toBe(1);
    expect(await repo.countUnread('fiona')).toBe(2);
    expect(await repo.countUnread('sam')).toBe(2);
    expect(await repo.settle('apr_1', T + 20, [])).toBe(0);

    expect(await repo.settle('apr_1', T + 30)).toBe(3);
    expect(await repo.settle('apr_1', T + 40)).toBe(0);
    expect(await repo.countUnread('sam')).toBe(0);
    expect(await repo.countUnread('carlos')).toBe(0);
    // The notice of how it ended stays news; another approval's request stays open; all stay listed.
    expect((await repo.list('fiona', { unreadOnly: true })).map((n) => n.id)).toEqual(['ntf_f_done', 'ntf_f_other']);
    const fiona = await repo.list('fiona');
    expect(fiona.map((n) => [n.id, n.readAt])).toEqual([
      ['ntf_f_read', T + 4],
      ['ntf_f_done', null],
      ['ntf_f_other', null],
      ['ntf_f', T + 10],
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { registerNotificationRoutes } from '../../../src/http/api/routes/notifications.ts';
import type { NotificationView, NotificationsPort } from '../../../src/http/shared/services.ts';
import { bodyOf, keyCaller, personCaller, routeBed } from '../../helpers/route-bed.ts';

function notification(id: string, personId: string, readAt: number | null): NotificationView {
  return {
    id,
    personId,
    type: 'approval_requested',
    title: `Approve ${id}`,
    body: 'A refund waits for you.',
    approvalId: `apr_${id}`,
    runId: `run_${id}`,
    deadline: 9_000,
    createdAt: 1_000,
    readAt,
  };
}

/** Fiona's and Sam's notifications; every method keeps to the person it is given, as the real one does. */
function fakeNotifications() {
  const rows = [notification('n1', 'fiona', null), notification('n2', 'fiona', 500), notification('n3', 'sam', null)];
  const asked: { personId: string; unreadOnly: boolean; limit: number }[] = [];
  const notifications: NotificationsPort = {
    list: async (personId, options) => {
      asked.push({ personId, ...options });
      return rows.filter((n) => n.personId === personId && (!options.unreadOnly || n.readAt === null));
    },
    countUnread: async (personId) => rows.filter((n) => n.personId === personId && n.readAt === null).length,
    markRead: async (personId, ids) => {
      const mine = rows.filter((n) => n.personId === personId && ids.includes(n.id) && n.readAt === null);
      mine.forEach((n) => (n.readAt = 2_000));
      return mine.length;
    },
    markAllRead: async (personId) => {
      const mine = rows.filter((n) => n.personId === personId && n.readAt === null);
      mine.forEach((n) => (n.readAt = 2_000));
      return mine.length;
    },
  };
  return { notifications, asked };
}

describe('notification routes on their own', () => {
  const { notifications, asked } = fakeNotifications();
  const bed = routeBed((router, guard) => registerNotificationRoutes(router, { guard, notifications }));
  const fiona = personCaller('fiona', 'finance_manager');

  it("lists the caller's notifications with the unread count, without the person id", async () => {
    const res = await bed.request('GET', '/api/notifications?unread=true&limit=5', { as: fiona });
    expect(res.status).toBe(200);
    expect(asked.at(-1)).toEqual({ personId: 'fiona', unreadOnly: true, limit: 5 });
    const body = await bodyOf<{ notifications: Record<string, unknown>[]; unread: number }>(res);
    expect(body.unread).toBe(1);
    expect(body.notifications.map((n) => n.id)).toEqual(['n1']);
    expect(body.notifications[0]).not.toHaveProperty('personId');
  });

  it('reads a query flag only as true or false', async () => {
    await bed.request('GET', '/api/notifications?unread=false', { as: fiona });
    expect(asked.at(-1)).toMatchObject({ unreadOnly: false, limit: 50 });
    const res = await bed.request('GET', '/api/notifications?unread=yes', { as: fiona });
    expect(res.status).toBe(400);
    expect((await bodyOf<{ error: { issues: { path: string }[] } }>(res)).error.issues[0]!.path).toBe('query.unread');
  });

  it("marks only the caller's own notifications read", async () => {
    const res = await bed.request('POST', '/api/notifications/read', { as: fiona, json: { ids: ['n1', 'n3'] } });
    expect(await bodyOf(res)).toEqual({ marked: 1, unread: 0 });
    const sam = personCaller('sam', 'customer_success_manager');
    expect(
      await bodyOf(await bed.request('POST', '/api/notifications/read', { as: sam, json: { all: true } })),
    ).toEqual({
      marked: 1,
      unread: 0,
    });
  });

  it('wants ids or all, and a person behind the caller', async () => {
    const neither = await bed.request('POST', '/api/notifications/read', { as: fiona, json: {} });
    expect(neither.status).toBe(400);
    expect((await bodyOf<{ error: { issues: { path: string }[] } }>(neither)).error.issues[0]!.path).toBe('body.ids');
    const unbound = await bed.request('GET', '/api/notifications', { as: keyCaller('admin') });
    expect(unbound.status).toBe(403);
    expect((await bodyOf<{ error: { code: string } }>(unbound)).error.code).toBe('PERSON_REQUIRED');
    expect((await bed.request('GET', '/api/notifications', { as: keyCaller('operator', 'fiona') })).status).toBe(200);
  });
});

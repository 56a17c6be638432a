/** A dashboard route module on its own, like the API's: the notifications page over fake services. */
import { describe, expect, it } from 'vitest';
import type { NotificationView, NotificationsPort } from '../../../src/http/shared/services.ts';
import { registerNotificationPages } from '../../../src/http/web/routes/notifications.ts';
import { ManualClock } from '../../../src/lib/clock.ts';
import { NotFoundError } from '../../../src/lib/errors.ts';
import { keyCaller, personCaller, routeBed } from '../../helpers/route-bed.ts';

const UNREAD: NotificationView = {
  id: 'n1',
  personId: 'fiona',
  type: 'approval_requested',
  title: 'Approve the refund for Acme',
  body: 'A refund of $2,500 waits for you.',
  approvalId: 'apr_1',
  runId: 'run_1',
  deadline: 10_000,
  createdAt: 1_000,
  readAt: null,
};

describe('the notifications page on its own', () => {
  const marked: [string, readonly string[]][] = [];
  const notifications: NotificationsPort = {
    list: async (personId) => (personId === 'fiona' ? [UNREAD] : []),
    countUnread: async (personId) => (personId === 'fiona' ? 1 : 0),
    markRead: async (personId, ids) => {
      marked.push([personId, ids]);
      return ids.includes('n1') && personId === 'fiona' ? 1 : 0;
    },
    markAllRead: async () => 1,
  };
  const bed = routeBed((router, guard) =>
    registerNotificationPages(router, {
      guard,
      notifications,
      approvals: {
        list: async () => [],
        get: async (id) => {
          throw new NotFoundError('approval', id);
        },
      },
      clock: new ManualClock(2_000),
    }),
  );
  const fiona = personCaller('fiona', 'finance_manager');

  it("shows the person's notifications, with the unread badge in the top bar", async () => {
    const res = await bed.request('GET', '/notifications', { as: fiona });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Approve the refund for Acme');
    expect(html).toContain('aria-label="1 unread"');
  });

  it('sends signed-out visitors to the sign-in page', async () => {
    const res = await bed.request('GET', '/notifications');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/sign-in?next=%2Fnotifications');
  });

  it("marks one read from the page's form and goes back to the list", async () => {
    const res = await bed.request('POST', '/notifications/read', {
      as: fiona,
      form: { id: 'n1', show: 'unread', _csrf: fiona.csrfToken },
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/notifications?show=unread&done=read');
    expect(marked).toEqual([['fiona', ['n1']]]);
  });

  it('refuses a key bound to nobody (notifications belong to a person)', async () => {
    const res = await bed.request('GET', '/notifications', { as: keyCaller('admin') });
    expect(res.status).toBe(403);
  });
});

/** The notifications page and its mark-read forms (one notification, or all of them). */
import { z } from 'zod';
import { RULES } from '../../shared/access-rules.ts';
import { deciderOf } from '../../shared/approval-access.ts';
import { formBody } from '../../shared/csrf.ts';
import type { ApiRouter } from '../../shared/router.ts';
import type { ApprovalStatus } from '../../../approvals/index.ts';
import { NotFoundError } from '../../../lib/errors.ts';
import { DECISION_REQUEST_TYPES } from '../../../notifications/index.ts';
import type { ApprovalsPort, NotificationView, NotificationsPort } from '../../shared/services.ts';
import type { Clock } from '../../../lib/clock.ts';
import { parseOrThrow } from '../../shared/validation.ts';
import { allows, csrfField } from '../layout.ts';
import { flashOf, principalOf, render, type PageDeps } from '../context.ts';
import { NOTIFICATION_FILTERS, notificationsView, type NotificationFilter } from '../views/notifications.ts';

/** The newest this many; older ones stay in the database and in the API (`limit` up to 500). */
const PAGE = 100;

const ListQuery = z.object({ show: z.enum(NOTIFICATION_FILTERS).default('all') });

const ReadForm = z.object({ id: z.string().min(1).max(200), show: z.enum(NOTIFICATION_FILTERS).default('all') });
const ReadAllForm = z.object({ show: z.enum(NOTIFICATION_FILTERS).default('all') });

/** Back to the list the person was looking at; a flash only when something changed. */
function backTo(show: NotificationFilter, done: string | null): string {
  const query = new URLSearchParams({ show });
  if (done !== null) query.set('done', done);
  return `/notifications?${query.toString()}`;
}

export interface NotificationPageDeps extends PageDeps {
  notifications: NotificationsPort;
  /** `get`: how the approvals the listed requests are about stand now (settled or still open). */
  approvals: Pick<ApprovalsPort, 'list' | 'get'>;
  clock: Clock;
}

/** The status of each approval the listed decision requests are about (unknown ones are left out). */
async function approvalStatuses(
  approvals: Pick<ApprovalsPort, 'get'>,
  list: readonly NotificationView[],
): Promise<Map<string, ApprovalStatus>> {
  const ids = [
    ...new Set(
      list.flatMap((n) => (n.approvalId !== null && DECISION_REQUEST_TYPES.includes(n.type) ? [n.approvalId] : [])),
    ),
  ];
  // An approval that no longer exists (a pruned database) leaves its notification as it is.
  const found = await Promise.all(
    ids.map((id) =>
      approvals.get(id).catch((err: unknown) => {
        if (err instanceof NotFoundError) return null;
        throw err;
      }),
    ),
  );
  return new Map(found.flatMap((a) => (a === null ? [] : [[a.id, a.status] as const])));
}

export function registerNotificationPages(router: ApiRouter, deps: NotificationPageDeps): void {
  const { guard, notifications, clock } = deps;

  router.get('/notifications', guard.allow(RULES.notificationsOwn, { page: true }), async (c) => {
    const principal = principalOf(c);
    // Notifications are a person's, as the inbox is: a key bound to nobody is refused the same way (PERSON_REQUIRED).
    const personId = deciderOf(principal);
    const { show } = parseOrThrow(ListQuery, c.req.query(), 'filters', 'query');
    const [list, unread] = await Promise.all([
      notifications.list(personId, { unreadOnly: show === 'unread', limit: PAGE }),
      notifications.countUnread(personId),
    ]);
    const statuses = await approvalStatuses(deps.approvals, list);
    const content = notificationsView({
      notifications: list,
      statuses,
      show,
      unread,
      now: clock.now(),
      csrf: csrfField(principal),
      runLink: allows(principal, RULES.runsRead),
      flash: flashOf(c),
      truncatedAt: list.length === PAGE ? PAGE : null,
    });
    return render(c, deps, 'notifications', 'Notifications', content);
  });

  // The guard has checked Origin and the CSRF token before either handler runs.
  router.post('/notifications/read', guard.allow(RULES.notificationsOwn, { page: true }), async (c) => {
    const personId = deciderOf(principalOf(c));
    const form = parseOrThrow(ReadForm, (await formBody(c)) ?? {}, 'form', 'form');
    // Scoped to the person: another person's id changes nothing (and says nothing about that id).
    const marked = await notifications.markRead(personId, [form.id]);
    return c.redirect(backTo(form.show, marked > 0 ? 'read' : null), 303);
  });

  router.post('/notifications/read-all', guard.allow(RULES.notificationsOwn, { page: true }), async (c) => {
    const personId = deciderOf(principalOf(c));
    const form = parseOrThrow(ReadAllForm, (await formBody(c)) ?? {}, 'form', 'form');
    await notifications.markAllRead(personId);
    return c.redirect(backTo(form.show, 'all-read'), 303);
  });
}

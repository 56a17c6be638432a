/** The caller's dashboard notifications (written by src/channels): list them, mark them read. */
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { MAX_NOTIFICATION_PAGE, type DashboardNotification } from '../../notifications/notification-repository.ts';
import { RULES } from '../access-rules.ts';
import { deciderOf } from '../approval-access.ts';
import type { ApiRouter, RouteDeps } from '../route-deps.ts';
import { errorResponses, json } from '../schemas.ts';

const NotificationSchema = z
  .object({
    id: z.string(),
    type: z.string().meta({ description: 'approval_requested, recommendation, approval_escalated, approval_resolved' }),
    title: z.string(),
    body: z.string().meta({ description: 'plain text, a few lines' }),
    approvalId: z.string().nullable(),
    runId: z.string().nullable(),
    deadline: z
      .number()
      .nullable()
      .meta({ description: 'when the decision is due (epoch milliseconds), for requests and escalations' }),
    createdAt: z.number(),
    readAt: z.number().nullable().meta({ description: 'null while unread' }),
  })
  .meta({ id: 'Notification' });

const ListQuery = z.strictObject({
  // A query string carries text: only the two spellings a caller means, not zod's truthy coercion ("false" would be true).
  unread: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true')
    .meta({ description: 'only notifications not yet read' }),
  limit: z.coerce.number().int().min(1).max(MAX_NOTIFICATION_PAGE).default(50),
});

/**
 * `{ ids }` or `{ all: true }`. One object with a refinement rather than a union: a union's failure
 * is reported at the body's root, and callers should see the bad field (`body.ids[0]`, `body.all`).
 */
const ReadBody = z
  .strictObject({
    ids: z.array(z.string().min(1).max(200)).min(1).max(MAX_NOTIFICATION_PAGE).optional(),
    all: z.literal(true).optional(),
  })
  .refine((b) => (b.ids === undefined) !== (b.all === undefined), {
    message: 'send either ids or all: true',
    path: ['ids'],
  })
  .meta({ description: '`{ "ids": [...] }` marks those read; `{ "all": true }` marks every notification read' });

/** Without personId: it is always the caller. */
function publicNotification(n: DashboardNotification): z.infer<typeof NotificationSchema> {
  return {
    id: n.id,
    type: n.type,
    title: n.title,
    body: n.body,
    approvalId: n.approvalId,
    runId: n.runId,
    deadline: n.deadline,
    createdAt: n.createdAt,
    readAt: n.readAt,
  };
}

const PERSON_ONLY =
  'Notifications belong to the signed-in person, or to the person an API key is bound to (a key bound to nobody gets 403 PERSON_REQUIRED).';

export function registerNotificationRoutes(api: ApiRouter, { app, guard }: RouteDeps): void {
  const notifications = app.repositories.notifications;

  api.openapi(
    createRoute({
      method: 'get',
      path: '/api/notifications',
      tags: ['notifications'],
      summary: "The caller's dashboard notifications, newest first",
      description: PERSON_ONLY,
      middleware: [guard.allow(RULES.notificationsOwn)] as const,
      request: { query: ListQuery },
      responses: {
        200: json(
          z.object({
            notifications: z.array(NotificationSchema),
            unread: z.number().int().meta({ description: 'how many are unread in all' }),
          }),
          'notifications',
        ),
        ...errorResponses,
      },
    }),
    async (c) => {
      // The same person binding (and refusal) as the approval inbox.
      const personId = deciderOf(c.get('principal')!);
      const q = c.req.valid('query');
      const [list, unread] = await Promise.all([
        notifications.list(personId, { unreadOnly: q.unread, limit: q.limit }),
        notifications.countUnread(personId),
      ]);
      return c.json({ notifications: list.map(publicNotification), unread }, 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'post',
      path: '/api/notifications/read',
      tags: ['notifications'],
      summary: 'Mark some or all of the caller’s notifications read',
      description: `${PERSON_ONLY} Ids of other people's notifications, unknown ids and ones already read change nothing.`,
      middleware: [guard.allow(RULES.notificationsOwn)] as const,
      request: { body: { required: true, content: { 'application/json': { schema: ReadBody } } } },
      responses: {
        200: json(
          z.object({
            marked: z.number().int().meta({ description: 'how many changed from unread to read' }),
            unread: z.number().int(),
          }),
          'marked',
        ),
        ...errorResponses,
      },
    }),
    async (c) => {
      const personId = deciderOf(c.get('principal')!);
      const body = c.req.valid('json');
      const now = app.engine.clock.now();
      const marked =
        body.all === true
          ? await notifications.markAllRead(personId, now)
          : await notifications.markRead(personId, body.ids ?? [], now);
      return c.json({ marked, unread: await notifications.countUnread(personId) }, 200);
    },
  );
}

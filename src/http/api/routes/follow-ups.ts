/**
 * The caller's follow-ups: the tasks morning briefings planned for them (follow up with an engaged
 * trial, propose an upgrade), and closing one (done or dismissed). A caller sees and closes only
 * their own: the signed-in person, or the person an API key is bound to.
 */
import { z } from 'zod';
import { AuthError } from '../../../auth/index.ts';
import type { Clock } from '../../../lib/clock.ts';
import { RULES } from '../../shared/access-rules.ts';
import { deciderOf } from '../../shared/approval-access.ts';
import type { ApiRouter, Guarded } from '../../shared/router.ts';
import type { FollowUpsPort } from '../../shared/services.ts';
import { FollowUpSchema, publicFollowUp } from '../briefing-schemas.ts';
import { guardedRoute } from '../openapi.ts';
import { errorResponse, errorResponses, json } from '../schemas.ts';

const ListQuery = z.strictObject({
  status: z.enum(['open', 'done', 'dismissed']).optional().meta({ description: 'default: every status' }),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

const IdParams = z.object({ id: z.string().min(1).max(64) });

const CloseBody = z.strictObject({
  status: z.enum(['done', 'dismissed']).meta({ description: 'done: followed up; dismissed: not worth it' }),
});

const WHO =
  'The caller’s own: the signed-in person, or the person an API key is bound to (a key bound to nobody gets 403 PERSON_REQUIRED).';

export interface FollowUpRouteDeps extends Guarded {
  followUps: FollowUpsPort;
  clock: Clock;
}

export function registerFollowUpRoutes(api: ApiRouter, { guard, followUps, clock }: FollowUpRouteDeps): void {
  api.openapi(
    guardedRoute(guard, RULES.briefingOwn, {
      method: 'get',
      path: '/api/follow-ups',
      operationId: 'listFollowUps',
      tags: ['briefings'],
      summary: 'The caller’s follow-ups, newest first',
      description: `${WHO} An open one comes back in each morning briefing until it is closed.`,
      request: { query: ListQuery },
      responses: { 200: json(z.object({ followUps: z.array(FollowUpSchema) }), 'the follow-ups'), ...errorResponses },
    }),
    async (c) => {
      const personId = deciderOf(c.get('principal')!);
      const { status, limit } = c.req.valid('query');
      const list = await followUps.list({ personId, limit, ...(status !== undefined && { status }) });
      return c.json({ followUps: list.map(publicFollowUp) }, 200);
    },
  );

  api.openapi(
    guardedRoute(guard, RULES.briefingOwn, {
      method: 'post',
      path: '/api/follow-ups/{id}/close',
      operationId: 'closeFollowUp',
      tags: ['briefings'],
      summary: 'Mark one of the caller’s follow-ups done or dismissed',
      description: `${WHO} A closed follow-up is not planned again for 30 days; closing it again is a conflict (FOLLOW_UP_CLOSED).`,
      request: {
        params: IdParams,
        body: { required: true, content: { 'application/json': { schema: CloseBody } } },
      },
      responses: {
        200: json(z.object({ followUp: FollowUpSchema }), 'the closed follow-up'),
        404: errorResponse('no such follow-up'),
        409: errorResponse('already closed'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const personId = deciderOf(c.get('principal')!);
      const { id } = c.req.valid('param');
      const task = await followUps.get(id);
      if (task.personId !== personId) throw new AuthError('FORBIDDEN', 'this follow-up was planned for someone else');
      const closed = await followUps.close(id, { status: c.req.valid('json').status, by: personId, at: clock.now() });
      return c.json({ followUp: publicFollowUp(closed) }, 200);
    },
  );
}

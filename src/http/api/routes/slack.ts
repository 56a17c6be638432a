/**
 * The seam for Slack's interactions endpoint (src/channels builds the handler). The route is
 * public at this layer because Slack authenticates differently: the handler verifies Slack's
 * `v0` request signature over the raw body, so the body is handed over untouched.
 */
import { NotConfiguredError } from '../../../lib/errors.ts';
import { publicAccess } from '../../shared/access-rules.ts';
import type { ApiRouter, Guarded } from '../../shared/router.ts';
import type { SlackInteractionsHandler } from '../../shared/services.ts';
import { guardedRoute } from '../openapi.ts';
import { errorResponse } from '../schemas.ts';

export interface SlackRouteDeps extends Guarded {
  /** Null without Slack configured. */
  slackInteractions: SlackInteractionsHandler | null;
}

export function registerSlackRoutes(api: ApiRouter, { guard, slackInteractions: handler }: SlackRouteDeps): void {
  api.openapi(
    guardedRoute(guard, publicAccess("Slack's request signature, checked by the handler"), {
      method: 'post',
      path: '/slack/interactions',
      operationId: 'receiveSlackInteraction',
      tags: ['channels'],
      summary: "Slack's interactivity request URL (approve/reject buttons)",
      description:
        'Signed by Slack (`X-Slack-Signature`, `X-Slack-Request-Timestamp`); unsigned, forged or replayed requests are refused.',
      responses: {
        200: { description: "handled; the body is Slack's expected reply" },
        401: errorResponse('bad or stale signature'),
        404: errorResponse('Slack is not configured'),
      },
    }),
    async (c) => {
      if (handler === null)
        throw new NotConfiguredError('NOT_FOUND', 'Slack interactions are not configured on this server');
      return handler(c.req.raw);
    },
  );
}

/** Liveness, Prometheus metrics and the OpenAPI document. */
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { RULES, publicAccess } from '../../shared/access-rules.ts';
import type { ApiMetrics } from '../../shared/metrics.ts';
import type { ApiRouter, RouteDeps } from '../../shared/router.ts';
import { errorResponse, errorResponses, json } from '../schemas.ts';

export const OPENAPI_INFO = {
  title: 'PsiZero API',
  version: '1',
  description:
    'Runs, approvals, the audit log and the autonomy policy of a PsiZero installation. Authenticate with an API key ' +
    '(`Authorization: Bearer psz_...`, from `psizero keys create`) or a dashboard session (cookie; unsafe methods also need ' +
    "the session's `X-CSRF-Token`). Errors: `{ error: { code, message, issues? } }`. Times are epoch milliseconds.",
};

export function registerSystemRoutes(api: ApiRouter, { app, guard }: RouteDeps, metrics: ApiMetrics): void {
  api.openapi(
    createRoute({
      method: 'get',
      path: '/healthz',
      tags: ['system'],
      summary: 'Liveness: the process is up and its database answers',
      middleware: [guard.allow(publicAccess('reveals nothing but up or down'))] as const,
      responses: {
        200: json(z.object({ ok: z.literal(true), store: z.string() }), 'up'),
        503: errorResponse('the database does not answer (code STORE_UNAVAILABLE)'),
      },
    }),
    async (c) => {
      try {
        await app.repositories.audit.head();
        return c.json({ ok: true as const, store: app.store.kind }, 200);
      } catch {
        return c.json(
          { error: { code: 'STORE_UNAVAILABLE', message: `the ${app.store.kind} database does not answer` } },
          503,
        );
      }
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/metrics',
      tags: ['system'],
      summary: 'Prometheus metrics (text exposition format)',
      middleware: [guard.allow(RULES.metrics)] as const,
      responses: {
        200: { description: 'metrics', content: { 'text/plain': { schema: z.string() } } },
        ...errorResponses,
      },
    }),
    async (c) => {
      const text = await metrics.render();
      return c.text(text, 200, { 'content-type': metrics.contentType });
    },
  );

  api.get('/openapi.json', guard.allow(publicAccess('the API description is public')), (c) =>
    c.json(api.getOpenAPI31Document({ openapi: '3.1.0', info: OPENAPI_INFO })),
  );
}

/** Liveness and Prometheus metrics. */
import { z } from 'zod';
import { RULES, publicAccess } from '../../shared/access-rules.ts';
import type { ApiMetrics } from '../../shared/metrics.ts';
import type { Guarded, ApiRouter } from '../../shared/router.ts';
import type { HealthPort } from '../../shared/services.ts';
import { guardedRoute } from '../openapi.ts';
import { errorResponse, errorResponses, json } from '../schemas.ts';

export interface SystemRouteDeps extends Guarded {
  health: HealthPort;
  metrics: Pick<ApiMetrics, 'render' | 'contentType'>;
}

export function registerSystemRoutes(api: ApiRouter, { guard, health, metrics }: SystemRouteDeps): void {
  api.openapi(
    guardedRoute(guard, publicAccess('reveals nothing but up or down'), {
      method: 'get',
      path: '/healthz',
      operationId: 'getHealth',
      tags: ['system'],
      summary: 'Liveness: the process is up and its database answers',
      responses: {
        200: json(z.object({ ok: z.literal(true), store: z.string() }), 'up'),
        503: errorResponse('the database does not answer (code STORE_UNAVAILABLE)'),
      },
    }),
    async (c) => {
      try {
        await health.ping();
        return c.json({ ok: true as const, store: health.storeKind }, 200);
      } catch {
        return c.json(
          { error: { code: 'STORE_UNAVAILABLE', message: `the ${health.storeKind} database does not answer` } },
          503,
        );
      }
    },
  );

  api.openapi(
    guardedRoute(guard, RULES.metrics, {
      method: 'get',
      path: '/metrics',
      operationId: 'getMetrics',
      tags: ['system'],
      summary: 'Prometheus metrics (text exposition format)',
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
}

/**
 * One log line and one metric sample per request, and a child logger for the request (`c.var.log`)
 * naming its id, which is also returned as `X-Request-Id` so a person reporting a problem can quote
 * it. Only the route pattern is recorded, never the raw path or query (an approval link's token
 * travels in the path), and no headers or bodies.
 */
import { randomBytes } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { Logger } from '../../lib/logger.ts';
import type { ApiEnv } from './env.ts';
import type { ApiMetrics } from './metrics.ts';

export function requestLog(logger: Logger, metrics: ApiMetrics): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const started = performance.now();
    const requestId = randomBytes(6).toString('base64url');
    c.set('log', logger.child({ requestId }));
    c.header('X-Request-Id', requestId);
    await next();
    const seconds = (performance.now() - started) / 1000;
    const route = c.req.routePath === '/*' ? '(unmatched)' : c.req.routePath;
    metrics.request(c.req.method, route, c.res.status, seconds);
    c.var.log.info({ method: c.req.method, route, status: c.res.status, ms: Math.round(seconds * 1000) }, 'http');
  };
}

/**
 * One log line and one metric sample per request. Only the route pattern is recorded, never the
 * raw path or query (an approval link's token travels in the path), and no headers or bodies.
 */
import type { MiddlewareHandler } from 'hono';
import type { Logger } from '../../lib/logger.ts';
import type { ApiEnv } from './env.ts';
import type { ApiMetrics } from './metrics.ts';

export function requestLog(logger: Logger | null, metrics: ApiMetrics): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const started = performance.now();
    await next();
    const seconds = (performance.now() - started) / 1000;
    const route = c.req.routePath === '/*' ? '(unmatched)' : c.req.routePath;
    metrics.request(c.req.method, route, c.res.status, seconds);
    logger?.info({ method: c.req.method, route, status: c.res.status, ms: Math.round(seconds * 1000) }, 'http');
  };
}

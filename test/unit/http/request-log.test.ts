import { OpenAPIHono } from '@hono/zod-openapi';
import { describe, expect, it } from 'vitest';
import type { ApiEnv } from '../../../src/http/shared/env.ts';
import { ApiMetrics } from '../../../src/http/shared/metrics.ts';
import { requestLog } from '../../../src/http/shared/request-log.ts';
import { ManualClock } from '../../../src/lib/clock.ts';
import { memoryLogger } from '../../helpers/channel-bed.ts';

describe('request log', () => {
  it('gives each request a child logger and an id it returns, and logs the route pattern, never the path', async () => {
    const lines: string[] = [];
    const metrics = new ApiMetrics({
      stats: {
        runCounts: async () => [],
        timers: async () => ({ scheduled: 0, due: 0, oldestDueAt: null }),
        openApprovals: async () => [],
      },
      clock: new ManualClock(0),
    });
    const router = new OpenAPIHono<ApiEnv>();
    router.use('*', requestLog(memoryLogger(lines), metrics));
    router.get('/links/:token', (c) => {
      c.var.log.info({ step: 'checked' }, 'link looked at');
      return c.text('ok');
    });

    const first = await router.request('/links/secret-token-1');
    const second = await router.request('/links/secret-token-2');
    const ids = [first.headers.get('x-request-id'), second.headers.get('x-request-id')];
    expect(ids[0]).toMatch(/^[\w-]{8}$/);
    expect(ids[1]).not.toBe(ids[0]);

    const logged = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(logged).toMatchObject([
      { requestId: ids[0], msg: 'link looked at', step: 'checked' },
      { requestId: ids[0], msg: 'http', method: 'GET', route: '/links/:token', status: 200 },
      { requestId: ids[1], msg: 'link looked at' },
      { requestId: ids[1], msg: 'http', route: '/links/:token' },
    ]);
    expect(lines.join('')).not.toContain('secret-token');
  });
});

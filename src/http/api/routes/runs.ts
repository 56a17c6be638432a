/** Runs: list with filters, one run with its history, cancel, retry. */
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { RULES } from '../../shared/access-rules.ts';
import type { ApiRouter, RouteDeps } from '../../shared/router.ts';
import {
  HistoryEventSchema,
  IdParams,
  RUN_STATUSES,
  RunSchema,
  errorResponse,
  errorResponses,
  json,
  publicHistory,
  publicRun,
} from '../schemas.ts';

const isoTime = z.iso
  .datetime({ offset: true })
  .or(z.iso.date())
  .transform((v) => Date.parse(v));

const ListQuery = z.strictObject({
  workflow: z.string().min(1).max(200).optional(),
  status: z.enum(RUN_STATUSES).optional(),
  since: isoTime.optional().meta({ description: 'created at or after (ISO 8601)' }),
  until: isoTime.optional().meta({ description: 'created before (ISO 8601)' }),
  parentId: z.string().min(1).max(200).optional(),
  before: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .meta({ description: 'page: runs with an id before this one (ids are time ordered)' }),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

const CancelBody = z.strictObject({ reason: z.string().trim().min(1).max(500).optional() });

export function registerRunRoutes(api: ApiRouter, { app, guard }: RouteDeps): void {
  api.openapi(
    createRoute({
      method: 'get',
      path: '/api/runs',
      tags: ['runs'],
      summary: 'List runs, newest first',
      middleware: [guard.allow(RULES.runsRead)] as const,
      request: { query: ListQuery },
      responses: { 200: json(z.object({ runs: z.array(RunSchema) }), 'runs'), ...errorResponses },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const runs = await app.engine.listRuns({
        workflow: q.workflow,
        status: q.status,
        createdAfter: q.since,
        createdBefore: q.until,
        parentId: q.parentId,
        before: q.before,
        limit: q.limit,
      });
      return c.json({ runs: runs.map(publicRun) }, 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/api/runs/{id}',
      tags: ['runs'],
      summary: 'A run and its whole history',
      middleware: [guard.allow(RULES.runsRead)] as const,
      request: { params: IdParams },
      responses: {
        200: json(z.object({ run: RunSchema, history: z.array(HistoryEventSchema) }), 'the run and its history'),
        404: errorResponse('no such run'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const { run, history } = await app.engine.inspect(c.req.valid('param').id);
      return c.json({ run: publicRun(run), history: publicHistory(history) }, 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'post',
      path: '/api/runs/{id}/cancel',
      tags: ['runs'],
      summary: 'Cancel a run and its children',
      middleware: [guard.allow(RULES.runsOperate)] as const,
      request: { params: IdParams, body: { required: false, content: { 'application/json': { schema: CancelBody } } } },
      responses: {
        200: json(z.object({ run: RunSchema }), 'the cancelled run'),
        409: errorResponse('the run has already ended'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const principal = c.get('principal')!;
      const who = principal.kind === 'person' ? principal.personId : `key ${principal.keyId}`;
      const reason = c.req.valid('json').reason ?? `cancelled through the API by ${who}`;
      const run = await app.engine.cancel(c.req.valid('param').id, reason);
      return c.json({ run: publicRun(run) }, 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'post',
      path: '/api/runs/{id}/retry',
      tags: ['runs'],
      summary: 'Retry a failed or needs_attention run from where it stopped',
      middleware: [guard.allow(RULES.runsOperate)] as const,
      request: { params: IdParams },
      responses: {
        200: json(z.object({ run: RunSchema }), 'the run, runnable again'),
        409: errorResponse('the run is not failed'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const run = await app.engine.retry(c.req.valid('param').id);
      return c.json({ run: publicRun(run) }, 200);
    },
  );
}

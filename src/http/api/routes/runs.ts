/** Runs: list with filters, start one, one run with its history, cancel, retry. */
import { z } from 'zod';
import { ValidationError } from '../../../lib/errors.ts';
import { RULES } from '../../shared/access-rules.ts';
import type { ApiRouter, Guarded } from '../../shared/router.ts';
import type { RunsPort } from '../../shared/services.ts';
import { guardedRoute } from '../openapi.ts';
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

export interface RunRouteDeps extends Guarded {
  runs: RunsPort;
}

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

const StartBody = z.strictObject({
  workflow: z.string().min(1).max(200).meta({ description: 'a registered workflow name; its latest version runs' }),
  input: z.unknown().optional().meta({ description: "the workflow's input, validated by the workflow's own schema" }),
  idempotencyKey: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .meta({ description: 'starting again with the same key returns the existing run' }),
});

const CancelBody = z.strictObject({ reason: z.string().trim().min(1).max(500).optional() });

/** The workflow reports its input's problems from the input's root; the caller sent them under `body.input`. */
function underBodyInput(err: ValidationError, workflow: string): ValidationError {
  const issues = err.issues.map((issue) => ({
    path: issue.path === '' ? 'body.input' : `body.input${issue.path.startsWith('[') ? '' : '.'}${issue.path}`,
    message: issue.message,
  }));
  return new ValidationError(`invalid input for workflow '${workflow}'`, issues);
}

export function registerRunRoutes(api: ApiRouter, { guard, runs }: RunRouteDeps): void {
  api.openapi(
    guardedRoute(guard, RULES.runsRead, {
      method: 'get',
      path: '/api/runs',
      operationId: 'listRuns',
      tags: ['runs'],
      summary: 'List runs, newest first',
      request: { query: ListQuery },
      responses: { 200: json(z.object({ runs: z.array(RunSchema) }), 'runs'), ...errorResponses },
    }),
    async (c) => {
      const query = c.req.valid('query');
      const list = await runs.list({
        workflow: query.workflow,
        status: query.status,
        createdAfter: query.since,
        createdBefore: query.until,
        parentId: query.parentId,
        before: query.before,
        limit: query.limit,
      });
      return c.json({ runs: list.map(publicRun) }, 200);
    },
  );

  api.openapi(
    guardedRoute(guard, RULES.runsOperate, {
      method: 'post',
      path: '/api/runs',
      operationId: 'startRun',
      tags: ['runs'],
      summary: 'Start a run of a registered workflow (a worker executes it)',
      request: { body: { required: true, content: { 'application/json': { schema: StartBody } } } },
      responses: {
        201: json(z.object({ run: RunSchema, created: z.literal(true) }), 'the new run'),
        200: json(
          z.object({ run: RunSchema, created: z.literal(false) }),
          'the run this idempotency key started before',
        ),
        404: errorResponse('no such workflow'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const options = body.idempotencyKey === undefined ? {} : { idempotencyKey: body.idempotencyKey };
      const started = await runs.start(body.workflow, body.input, options).catch((err: unknown) => {
        throw err instanceof ValidationError ? underBodyInput(err, body.workflow) : err;
      });
      const run = publicRun(await runs.get(started.id));
      return started.created
        ? c.json({ run, created: true as const }, 201)
        : c.json({ run, created: false as const }, 200);
    },
  );

  api.openapi(
    guardedRoute(guard, RULES.runsRead, {
      method: 'get',
      path: '/api/runs/{id}',
      operationId: 'getRun',
      tags: ['runs'],
      summary: 'A run and its whole history',
      request: { params: IdParams },
      responses: {
        200: json(z.object({ run: RunSchema, history: z.array(HistoryEventSchema) }), 'the run and its history'),
        404: errorResponse('no such run'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const { run, history } = await runs.inspect(c.req.valid('param').id);
      return c.json({ run: publicRun(run), history: publicHistory(history) }, 200);
    },
  );

  api.openapi(
    guardedRoute(guard, RULES.runsOperate, {
      method: 'post',
      path: '/api/runs/{id}/cancel',
      operationId: 'cancelRun',
      tags: ['runs'],
      summary: 'Cancel a run and its children',
      request: { params: IdParams, body: { required: false, content: { 'application/json': { schema: CancelBody } } } },
      responses: {
        200: json(z.object({ run: RunSchema }), 'the cancelled run'),
        404: errorResponse('no such run'),
        409: errorResponse('the run has already ended'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const principal = c.get('principal')!;
      const who = principal.kind === 'person' ? principal.personId : `key ${principal.keyId}`;
      const reason = c.req.valid('json').reason ?? `cancelled through the API by ${who}`;
      const run = await runs.cancel(c.req.valid('param').id, reason);
      return c.json({ run: publicRun(run) }, 200);
    },
  );

  api.openapi(
    guardedRoute(guard, RULES.runsOperate, {
      method: 'post',
      path: '/api/runs/{id}/retry',
      operationId: 'retryRun',
      tags: ['runs'],
      summary: 'Retry a failed or needs_attention run from where it stopped',
      request: { params: IdParams },
      responses: {
        200: json(z.object({ run: RunSchema }), 'the run, runnable again'),
        404: errorResponse('no such run'),
        409: errorResponse('the run is not failed'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const run = await runs.retry(c.req.valid('param').id);
      return c.json({ run: publicRun(run) }, 200);
    },
  );
}

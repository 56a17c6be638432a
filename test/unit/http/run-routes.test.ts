import { describe, expect, it } from 'vitest';
import { registerRunRoutes } from '../../../src/http/api/routes/runs.ts';
import type { RunsPort } from '../../../src/http/shared/services.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../../src/lib/errors.ts';
import type { RunFilter, RunRecord } from '../../../src/store/types.ts';
import { bodyOf, keyCaller, personCaller, routeBed } from '../../helpers/route-bed.ts';

function run(id: string, overrides: Partial<RunRecord> = {}): RunRecord {
  return {
    id,
    workflow: 'test.refund',
    version: 1,
    status: 'waiting',
    input: { amountUsd: 10 },
    output: null,
    error: null,
    idempotencyKey: null,
    parentId: null,
    createdAt: 1_000,
    updatedAt: 2_000,
    runnableAt: null,
    leaseOwner: 'worker-1',
    leaseUntil: 5_000,
    historyLength: 3,
    ...overrides,
  };
}

/** An in-memory RunsPort that records what the routes asked for. */
function fakeRuns() {
  const calls: { filters: RunFilter[]; cancelled: [string, string][]; started: unknown[] } = {
    filters: [],
    cancelled: [],
    started: [],
  };
  const runs: RunsPort = {
    list: async (filter) => {
      calls.filters.push(filter);
      return [run('run_2'), run('run_1')];
    },
    get: async (id) => run(id, { status: 'pending' }),
    inspect: async (id) => {
      if (id !== 'run_1') throw new NotFoundError('run', id);
      return {
        run: run(id),
        history: [{ seq: 1, type: 'step_failed', at: 1_500, data: { error: { message: 'boom', stack: 'at x.ts:1' } } }],
      };
    },
    start: async (workflow, input, options) => {
      calls.started.push({ workflow, input, options });
      if (workflow === 'missing') throw new NotFoundError('workflow', workflow);
      if (typeof (input as { amountUsd?: unknown }).amountUsd !== 'number')
        throw new ValidationError('invalid input', [{ path: 'amountUsd', message: 'expected number' }]);
      return { id: 'run_new', created: options.idempotencyKey !== 'seen' };
    },
    cancel: async (id, reason) => {
      calls.cancelled.push([id, reason]);
      if (id === 'run_done') throw new ConflictError('the run has already ended');
      return run(id, { status: 'cancelled' });
    },
    retry: async (id) => run(id, { status: 'pending' }),
    workflows: () => ['test.refund'],
  };
  return { runs, calls };
}

describe('run routes on their own', () => {
  const { runs, calls } = fakeRuns();
  const bed = routeBed((router, guard) => registerRunRoutes(router, { guard, runs }));
  const viewer = keyCaller('viewer');
  const operator = keyCaller('operator');

  it('lists with the filters translated for the engine, and shows no lease bookkeeping', async () => {
    const res = await bed.request('GET', '/api/runs?status=waiting&since=2026-03-01&limit=2', { as: viewer });
    expect(res.status).toBe(200);
    expect(calls.filters.at(-1)).toEqual({
      workflow: undefined,
      status: 'waiting',
      createdAfter: Date.parse('2026-03-01'),
      createdBefore: undefined,
      parentId: undefined,
      before: undefined,
      limit: 2,
    });
    const body = await bodyOf<{ runs: Record<string, unknown>[] }>(res);
    expect(body.runs.map((r) => r.id)).toEqual(['run_2', 'run_1']);
    expect(body.runs[0]).not.toHaveProperty('leaseOwner');
  });

  it('refuses callers without credentials or without a reading role', async () => {
    expect((await bed.request('GET', '/api/runs')).status).toBe(401);
    const ingest = await bed.request('GET', '/api/runs', { as: keyCaller('ingest') });
    expect(ingest.status).toBe(403);
    expect((await bodyOf<{ error: { code: string } }>(ingest)).error.code).toBe('FORBIDDEN');
  });

  it('reads one run with its history, stack traces removed; an unknown run is 404', async () => {
    const res = await bed.request('GET', '/api/runs/run_1', { as: viewer });
    expect(res.status).toBe(200);
    expect(await bodyOf<{ history: unknown[] }>(res)).toMatchObject({
      history: [{ seq: 1, data: { error: { message: 'boom' } } }],
    });
    expect(JSON.stringify(await bodyOf(await bed.request('GET', '/api/runs/run_1', { as: viewer })))).not.toContain(
      'stack',
    );
    expect((await bed.request('GET', '/api/runs/run_x', { as: viewer })).status).toBe(404);
  });

  it('starts a run: 201 when new, 200 for an idempotency key seen before', async () => {
    const created = await bed.request('POST', '/api/runs', {
      as: operator,
      json: { workflow: 'test.refund', input: { amountUsd: 5 } },
    });
    expect(created.status).toBe(201);
    expect(await bodyOf(created)).toMatchObject({ created: true, run: { id: 'run_new', status: 'pending' } });
    expect(calls.started.at(-1)).toEqual({ workflow: 'test.refund', input: { amountUsd: 5 }, options: {} });

    const existing = await bed.request('POST', '/api/runs', {
      as: operator,
      json: { workflow: 'test.refund', input: { amountUsd: 5 }, idempotencyKey: 'seen' },
    });
    expect(existing.status).toBe(200);
    expect(await bodyOf(existing)).toMatchObject({ created: false });
  });

  it("reports the workflow's input problems under body.input, and an unknown workflow as 404", async () => {
    const bad = await bed.request('POST', '/api/runs', {
      as: operator,
      json: { workflow: 'test.refund', input: { amountUsd: 'ten' } },
    });
    expect(bad.status).toBe(400);
    expect((await bodyOf<{ error: { issues: unknown } }>(bad)).error.issues).toEqual([
      { path: 'body.input.amountUsd', message: 'expected number' },
    ]);
    const missing = await bed.request('POST', '/api/runs', { as: operator, json: { workflow: 'missing' } });
    expect(missing.status).toBe(404);
    const typo = await bed.request('POST', '/api/runs', { as: operator, json: { workflow: 'x', inputs: {} } });
    expect((await bodyOf<{ error: { issues: unknown } }>(typo)).error.issues).toEqual([
      { path: 'body.inputs', message: 'unknown field' },
    ]);
  });

  it('cancels with the caller named in the reason; readers may not operate runs', async () => {
    expect((await bed.request('POST', '/api/runs/run_1/cancel', { as: operator, json: {} })).status).toBe(200);
    expect(calls.cancelled.at(-1)).toEqual(['run_1', 'cancelled through the API by key key_operator']);
    await bed.request('POST', '/api/runs/run_1/cancel', { as: personCaller('olivia', 'owner'), json: {} });
    expect(calls.cancelled.at(-1)).toEqual(['run_1', 'cancelled through the API by olivia']);
    expect((await bed.request('POST', '/api/runs/run_done/cancel', { as: operator, json: {} })).status).toBe(409);
    expect((await bed.request('POST', '/api/runs/run_1/cancel', { as: viewer, json: {} })).status).toBe(403);
    expect((await bed.request('POST', '/api/runs/run_1/retry', { as: operator })).status).toBe(200);
  });
});

/**
 * Drives PsiZero through a client generated from its own OpenAPI document (openapi-typescript
 * types, openapi-fetch calls): every call below is typed by the document, so a route that drifts
 * from it breaks this test at compile time (typecheck) or here.
 */
import createClient from 'openapi-fetch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/lib/clock.ts';
import type { paths } from '../../generated/openapi.d.ts';
import { createApiBed, type ApiBed } from '../../helpers/api-bed.ts';
import { T0 } from '../../helpers/engine.ts';
import { databaseFactories } from '../../helpers/databases.ts';

describe.each(databaseFactories())('a generated client on $name', (factory) => {
  let bed: ApiBed;
  let client: ReturnType<typeof createClient<paths>>;
  beforeAll(async () => {
    bed = await createApiBed(factory, { clock: new ManualClock(T0) });
    // An operator key bound to Fiona (finance manager): it may start runs and decide as her.
    const { key } = await bed.key('operator', 'fiona');
    client = createClient<paths>({
      baseUrl: 'http://localhost',
      headers: { authorization: `Bearer ${key!}` },
      fetch: (request) => Promise.resolve(bed.http.fetch(request)),
    });
  });
  afterAll(async () => {
    await bed.close();
  });

  it('starts a run, finds it waiting for approval, decides the approval and reads the audit trail', async () => {
    const started = await client.POST('/api/runs', {
      body: { workflow: 'test.refund', input: { amountUsd: 2_500 }, idempotencyKey: 'client-refund-1' },
    });
    expect(started.response.status).toBe(201);
    const runId = started.data!.run.id;
    expect(started.data).toMatchObject({ created: true, run: { workflow: 'test.refund', status: 'pending' } });

    const again = await client.POST('/api/runs', {
      body: { workflow: 'test.refund', input: { amountUsd: 2_500 }, idempotencyKey: 'client-refund-1' },
    });
    expect(again.response.status).toBe(200);
    expect(again.data).toMatchObject({ created: false, run: { id: runId } });

    await bed.app.engine.drain();
    const listed = await client.GET('/api/runs', { params: { query: { workflow: 'test.refund', status: 'waiting' } } });
    expect(listed.data!.runs.map((r) => r.id)).toEqual([runId]);

    const read = await client.GET('/api/runs/{id}', { params: { path: { id: runId } } });
    expect(read.data!.run.status).toBe('waiting');
    expect(read.data!.history.length).toBeGreaterThan(0);

    const approvals = await client.GET('/api/approvals', { params: { query: { runId } } });
    expect(approvals.data!.approvals).toHaveLength(1);
    const approval = approvals.data!.approvals[0]!;
    expect(approval.status).toBe('pending');
    // The recommendation travels with the approval, for every client.
    expect(approval.recommendation).toEqual({ summary: 'refund the duplicate charge' });

    const inbox = await client.GET('/api/approvals/inbox');
    expect(inbox.data!.approvals.map((a) => a.id)).toEqual([approval.id]);

    const decided = await client.POST('/api/approvals/{id}/decision', {
      params: { path: { id: approval.id } },
      body: { verdict: 'approve', comment: 'duplicate charge confirmed' },
    });
    expect(decided.response.status).toBe(200);
    expect(decided.data!.approval.decisions).toMatchObject([
      { by: 'fiona', verdict: 'approve', channel: 'api', comment: 'duplicate charge confirmed' },
    ]);

    expect(decided.data!.approval.status).toBe('approved');
    await bed.app.engine.drain();
    const finished = await client.GET('/api/runs/{id}', { params: { path: { id: runId } } });
    expect(finished.data!.run).toMatchObject({ status: 'completed', output: { result: { refunded: 2_500 } } });

    // A refusal arrives as the typed error body.
    const twice = await client.POST('/api/approvals/{id}/decision', {
      params: { path: { id: approval.id } },
      body: { verdict: 'approve' },
    });
    expect(twice.response.status).toBe(409);
    expect(twice.error!.error.code).toBe('ALREADY_DECIDED');

    const audit = await client.GET('/api/audit', { params: { query: { runId } } });
    const kinds = audit.data!.entries.map((e) => e.kind);
    expect(kinds).toContain('decision_record');
    expect(audit.data!.entries.some((e) => e.kind.startsWith('approval') && e.actor === 'fiona')).toBe(true);

    const verified = await client.GET('/api/audit/verify');
    expect(verified.data!.ok).toBe(true);
  });

  it('reports validation failures with field paths under the body', async () => {
    const bad = await client.POST('/api/runs', { body: { workflow: 'test.refund', input: { amountUsd: 'lots' } } });
    expect(bad.response.status).toBe(400);
    expect(bad.error!.error.issues).toEqual([
      { path: 'body.input.amountUsd', message: 'expected number, received string' },
    ]);

    const unknown = await client.POST('/api/runs', { body: { workflow: 'no.such.workflow' } });
    expect(unknown.response.status).toBe(404);
    expect(unknown.error!.error.code).toBe('NOT_FOUND');
  });
});

/** Runs (list, show, cancel, retry), the audit log (list, verify) and the policy (show, explain) over HTTP. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/lib/clock.ts';
import { createApiBed, type ApiBed, type Creds } from '../../helpers/api-bed.ts';
import { T0 } from '../../helpers/engine.ts';
import { databaseFactories } from '../../helpers/databases.ts';

interface RunJson {
  id: string;
  workflow: string;
  status: string;
  error: { code: string; message: string; stack?: string } | null;
}

const body = async <T>(res: Response): Promise<T> => (await res.json()) as T;

describe.each(databaseFactories())('runs, audit and policy API on $name', (factory) => {
  let bed: ApiBed;
  let operator: Creds;
  let viewer: Creds;
  beforeEach(async () => {
    bed = await createApiBed(factory, { clock: new ManualClock(T0) });
    operator = await bed.key('operator');
    viewer = await bed.key('viewer');
  });
  afterEach(async () => {
    await bed.close();
  });

  it('lists with filters, shows history without stack traces, cancels and retries', async () => {
    const engine = bed.app.engine;
    const shipped = (await engine.start('demo.order', { orderId: 'o-1', amountUsd: 20 })).id;
    const failing = (await engine.start('demo.order', { orderId: 'o-2', amountUsd: 5, failShipping: true })).id;
    const waiting = (await engine.start('demo.await-payment', { orderId: 'never' })).id;
    await bed.app.engine.runUntil(T0 + 10_000);

    // Other runs may exist too; these three are among them.
    const all = await body<{ runs: RunJson[] }>(await bed.call('GET', '/api/runs?limit=50', { as: viewer }));
    expect(all.runs.map((r) => r.id)).toEqual(expect.arrayContaining([shipped, failing, waiting]));
    const failed = await body<{ runs: RunJson[] }>(
      await bed.call('GET', '/api/runs?status=failed&workflow=demo.order', { as: viewer }),
    );
    expect(failed.runs.map((r) => r.id)).toEqual([failing]);
    expect(
      await body<{ runs: unknown[] }>(
        await bed.call('GET', `/api/runs?until=${new Date(T0 - 1).toISOString()}`, { as: viewer }),
      ),
    ).toEqual({ runs: [] });

    const shown = await body<{ run: RunJson; history: { type: string; data: Record<string, unknown> }[] }>(
      await bed.call('GET', `/api/runs/${failing}`, { as: viewer }),
    );
    expect(shown.run).toMatchObject({ id: failing, status: 'failed' });
    expect(shown.run.error?.message).toContain('carrier rejected the parcel');
    expect(shown.run.error).not.toHaveProperty('stack');
    expect(shown.history.map((e) => e.type)).toContain('compensation_completed');
    expect(JSON.stringify(shown.history)).not.toContain('"stack"');

    expect((await bed.call('POST', `/api/runs/${waiting}/cancel`, { as: viewer, json: {} })).status).toBe(403);
    const cancelled = await bed.call('POST', `/api/runs/${waiting}/cancel`, {
      as: operator,
      json: { reason: 'customer went away' },
    });
    expect(await body<{ run: RunJson }>(cancelled)).toMatchObject({ run: { id: waiting, status: 'cancelled' } });
    const history = await body<{ history: { type: string; data: { reason?: string } }[] }>(
      await bed.call('GET', `/api/runs/${waiting}`, { as: viewer }),
    );
    expect(history.history.at(-1)).toMatchObject({ type: 'run_cancelled', data: { reason: 'customer went away' } });

    const again = await bed.call('POST', `/api/runs/${waiting}/cancel`, { as: operator });
    expect(again.status).toBe(409);
    expect((await body<{ error: { code: string } }>(again)).error.code).toBe('CONFLICT');
    const retried = await bed.call('POST', `/api/runs/${failing}/retry`, { as: operator });
    expect(await body<{ run: RunJson }>(retried)).toMatchObject({ run: { status: 'pending' } });
    expect((await bed.call('POST', `/api/runs/${shipped}/retry`, { as: operator })).status).toBe(409);
    expect((await bed.call('GET', '/api/runs/run_missing', { as: viewer })).status).toBe(404);
  });

  it('lists the audit log with filters and verifies its chain', async () => {
    const runId = await bed.refund({ amountUsd: 2_500 });
    const auditor = await bed.signIn('carlos');
    const entries = await body<{ entries: { kind: string; runId: string; hash: string }[] }>(
      await bed.call('GET', `/api/audit?runId=${runId}`, { as: auditor }),
    );
    expect(entries.entries.map((e) => e.kind)).toEqual(
      expect.arrayContaining(['decision_record', 'approval_requested']),
    );
    expect(entries.entries.every((e) => e.runId === runId && /^[0-9a-f]{64}$/.test(e.hash))).toBe(true);
    const kinds = await body<{ entries: { kind: string }[] }>(
      await bed.call('GET', '/api/audit?kind=decision_record&limit=1', { as: auditor }),
    );
    expect(kinds.entries.map((e) => e.kind)).toEqual(['decision_record']);
    const verified = await body<{ ok: boolean; entries: number }>(
      await bed.call('GET', '/api/audit/verify', { as: auditor }),
    );
    expect(verified).toMatchObject({ ok: true });
    expect(verified.entries).toBeGreaterThanOrEqual(entries.entries.length);
    expect((await bed.call('GET', '/api/audit', { as: await bed.signIn('sam') })).status).toBe(403);
  });

  it('shows the effective policy and explains a proposed action without changing anything', async () => {
    const sam = await bed.signIn('sam');
    const policy = await body<{ policy: { roles: string[]; directory: { people: { id: string }[] } } }>(
      await bed.call('GET', '/api/policy', { as: sam }),
    );
    expect(policy.policy.roles).toContain('finance_manager');
    const action = {
      id: 'refund-42',
      title: 'Refund invoice 42',
      classification: {
        impact: 'medium',
        complexity: 'simple',
        reversibility: 'reversible',
        stakeholders: 'customer_facing',
        financialImpact: 4_200,
        timeToExecute: 1,
      },
      customers: [{ id: 'cus_1', name: 'Acme', successManagerId: 'sam' }],
    };
    const explained = await body<{
      record: { level: number; route: { requirements: { role: string }[] } };
      text: string;
    }>(await bed.call('POST', '/api/policy/explain', { as: sam, json: action }));
    expect(explained.record.level).toBe(2);
    expect(explained.record.route.requirements.map((r) => r.role)).toEqual([
      'finance_manager',
      'customer_success_manager',
    ]);
    expect(explained.text).toContain('Level 2: financial impact $4,200 is above $1,000');
    const bad = await bed.call('POST', '/api/policy/explain', {
      as: sam,
      json: { ...action, classification: { ...action.classification, impact: 'huge' }, extra: 1 },
    });
    expect(bad.status).toBe(400);
    const issues = (await body<{ error: { code: string; issues: { path: string }[] } }>(bad)).error;
    expect(issues.code).toBe('VALIDATION_FAILED');
    expect(issues.issues.map((i) => i.path)).toEqual(
      expect.arrayContaining(['body.classification.impact', 'body.extra']),
    );
    expect(await bed.app.approvals.list()).toEqual([]);
  });
});

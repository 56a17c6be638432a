import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/lib/clock.ts';
import { createApiBed, type ApiBed } from '../../helpers/api-bed.ts';
import { T0 } from '../../helpers/engine.ts';
import { databaseFactories } from '../../helpers/databases.ts';

interface ApprovalJson {
  id: string;
  status: string;
  decisions: { by: string; channel: string; comment: string | null }[];
}

describe.each(databaseFactories())('approvals API on $name', (factory) => {
  let bed: ApiBed;
  beforeEach(async () => {
    bed = await createApiBed(factory, { clock: new ManualClock(T0) });
  });
  afterEach(async () => {
    await bed.close();
  });

  async function approvalIdOf(runId: string): Promise<string> {
    const [approval] = await bed.app.approvals.list({ runId });
    return approval!.id;
  }

  it('shows a finance manager the approval a running workflow raised, and her approval lets the run finish', async () => {
    const runId = await bed.refund({ amountUsd: 2_500, customers: [{ id: 'cus_1', name: 'Acme Corp' }] });
    const fiona = await bed.signIn('fiona');
    const sam = await bed.signIn('sam');
    const id = await approvalIdOf(runId);

    const inbox = (await (await bed.call('GET', '/api/approvals/inbox', { as: fiona })).json()) as {
      approvals: ApprovalJson[];
    };
    expect(inbox.approvals.map((a) => a.id)).toEqual([id]);
    // The customer has no success manager on record, so any CSM may approve the customer side.
    const hana = await bed.signIn('hana');
    expect(
      ((await (await bed.call('GET', '/api/approvals/inbox', { as: hana })).json()) as { approvals: unknown[] })
        .approvals,
    ).toEqual([]);

    const shown = await bed.call('GET', `/api/approvals/${id}`, { as: fiona });
    expect(shown.status).toBe(200);
    expect(((await shown.json()) as { viewer: unknown }).viewer).toEqual({
      personId: 'fiona',
      canDecide: true,
      requirement: 'finance_manager',
    });
    expect((await bed.call('GET', `/api/approvals/${id}`, { as: hana })).status).toBe(404);

    const rejectWithoutReason = await bed.call('POST', `/api/approvals/${id}/decision`, {
      as: fiona,
      json: { verdict: 'reject' },
    });
    expect(rejectWithoutReason.status).toBe(400);
    expect(((await rejectWithoutReason.json()) as { error: { code: string } }).error.code).toBe('REASON_REQUIRED');

    const approved = await bed.call('POST', `/api/approvals/${id}/decision`, {
      as: fiona,
      json: { verdict: 'approve', comment: 'duplicate charge confirmed' },
    });
    expect(approved.status).toBe(200);
    const afterFiona = ((await approved.json()) as { approval: ApprovalJson }).approval;
    expect(afterFiona.decisions).toMatchObject([
      { by: 'fiona', channel: 'dashboard', comment: 'duplicate charge confirmed' },
    ]);
    expect(afterFiona.status).toBe('pending');

    const again = await bed.call('POST', `/api/approvals/${id}/decision`, { as: fiona, json: { verdict: 'approve' } });
    expect(again.status).toBe(409);
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe('DUPLICATE_DECISION');

    const samDecides = await bed.call('POST', `/api/approvals/${id}/decision`, {
      as: sam,
      json: { verdict: 'approve' },
    });
    expect(samDecides.status).toBe(200);
    expect(((await samDecides.json()) as { approval: ApprovalJson }).approval.status).toBe('approved');

    await bed.app.engine.drain();
    const run = await bed.app.engine.getRun(runId);
    expect(run.status).toBe('completed');
    expect(run.output).toMatchObject({ outcome: 'executed', result: { refunded: 2_500 } });

    const settled = await bed.call('POST', `/api/approvals/${id}/decision`, {
      as: await bed.signIn('tara'),
      json: { verdict: 'approve' },
    });
    expect(settled.status).toBe(409);
    expect(((await settled.json()) as { error: { code: string } }).error.code).toBe('ALREADY_DECIDED');
  });

  it('refuses a customer-success manager on a CFO-level approval, and API keys unless bound to a person', async () => {
    const runId = await bed.refund({ amountUsd: 7_000 });
    const id = await approvalIdOf(runId);
    const sam = await bed.signIn('sam');
    const refused = await bed.call('POST', `/api/approvals/${id}/decision`, { as: sam, json: { verdict: 'approve' } });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('NOT_AUTHORIZED');
    expect(
      ((await (await bed.call('GET', '/api/approvals/inbox', { as: sam })).json()) as { approvals: unknown[] })
        .approvals,
    ).toEqual([]);

    const unbound = await bed.key('operator');
    const noPerson = await bed.call('POST', `/api/approvals/${id}/decision`, {
      as: unbound,
      json: { verdict: 'approve' },
    });
    expect(noPerson.status).toBe(403);
    expect(((await noPerson.json()) as { error: { code: string } }).error.code).toBe('PERSON_REQUIRED');

    const asCarlos = await bed.key('operator', 'carlos');
    const byKey = await bed.call('POST', `/api/approvals/${id}/decision`, {
      as: asCarlos,
      json: { verdict: 'approve' },
    });
    expect(byKey.status).toBe(200);
    const approval = ((await byKey.json()) as { approval: ApprovalJson }).approval;
    expect(approval).toMatchObject({ status: 'approved', decisions: [{ by: 'carlos', channel: 'api' }] });
    const list = (await (
      await bed.call('GET', '/api/approvals?status=approved', { as: await bed.key('viewer') })
    ).json()) as { approvals: ApprovalJson[] };
    expect(list.approvals.map((a) => a.id)).toEqual([id]);
  });

  it('protects cookie-authenticated changes against CSRF: token and origin', async () => {
    const runId = await bed.refund({ amountUsd: 2_000 });
    const id = await approvalIdOf(runId);
    const fiona = await bed.signIn('fiona');
    const codeOf = async (res: Response): Promise<[number, string]> => [
      res.status,
      ((await res.json()) as { error: { code: string } }).error.code,
    ];

    expect(
      await codeOf(
        await bed.call('POST', `/api/approvals/${id}/decision`, {
          as: { cookie: fiona.cookie },
          json: { verdict: 'approve' },
        }),
      ),
    ).toEqual([403, 'CSRF_FAILED']);
    expect(
      await codeOf(
        await bed.call('POST', `/api/approvals/${id}/decision`, {
          as: { ...fiona, csrf: 'wrong' },
          json: { verdict: 'approve' },
        }),
      ),
    ).toEqual([403, 'CSRF_FAILED']);
    const foreign = await bed.call('POST', `/api/approvals/${id}/decision`, {
      as: fiona,
      json: { verdict: 'approve' },
      headers: { origin: 'https://evil.example' },
    });
    expect(await codeOf(foreign)).toEqual([403, 'CSRF_FAILED']);
    expect((await bed.app.approvals.get(id)).decisions).toEqual([]);

    const ok = await bed.call('POST', `/api/approvals/${id}/decision`, {
      as: fiona,
      json: { verdict: 'approve' },
      headers: { origin: 'http://localhost' },
    });
    expect(ok.status).toBe(200);
  });
});

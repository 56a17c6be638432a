import { describe, expect, it } from 'vitest';
import type { Approval, DecisionInput } from '../../../src/approvals/index.ts';
import { registerApprovalRoutes } from '../../../src/http/api/routes/approvals.ts';
import type { ApprovalsPort } from '../../../src/http/shared/services.ts';
import { NotFoundError } from '../../../src/lib/errors.ts';
import { bodyOf, keyCaller, personCaller, routeBed } from '../../helpers/route-bed.ts';

/** An open approval that Fiona (finance manager) or Sam (customer-success manager) may decide; Ivan initiated it. */
function approval(id: string, deadline: number, overrides: Partial<Approval> = {}): Approval {
  return {
    id,
    runId: `run_${id}`,
    actionId: `action_${id}`,
    title: `Refund ${id}`,
    level: 2,
    kind: 'refund',
    fallback: 'reject',
    timeoutMs: 3_600_000,
    approvalsNeeded: 2,
    finalDecisionMakerRole: 'ceo',
    initiatedBy: 'ivan',
    requirements: ['finance_manager', 'customer_success_manager'],
    record: { title: `Refund ${id}` },
    status: 'pending',
    round: 1,
    rounds: [
      {
        round: 1,
        reason: 'requested',
        startedAt: 0,
        deadline,
        eligible: [
          { requirement: 'finance_manager', people: ['fiona'], settlesAll: false },
          { requirement: 'customer_success_manager', people: ['sam'], settlesAll: false },
        ],
      },
    ],
    deadline,
    decisions: [],
    createdAt: 0,
    updatedAt: 0,
    resolvedAt: null,
    version: 1,
    outboxPending: false,
    publishedAt: null,
    publishCount: 0,
    acknowledgedAt: null,
    ...overrides,
  };
}

function fakeApprovals() {
  const stored = [
    approval('apr_late', 9_000),
    approval('apr_soon', 5_000),
    approval('apr_other', 1_000, {
      rounds: [
        {
          round: 1,
          reason: 'requested',
          startedAt: 0,
          deadline: 1_000,
          eligible: [{ requirement: 'cfo', people: ['carlos'], settlesAll: false }],
        },
      ],
    }),
  ];
  const decided: DecisionInput[] = [];
  const approvals: ApprovalsPort = {
    list: async (filter = {}) => stored.filter((a) => filter.runId === undefined || a.runId === filter.runId),
    get: async (id) => {
      const found = stored.find((a) => a.id === id);
      if (found === undefined) throw new NotFoundError('approval', id);
      return found;
    },
    decide: async (input) => {
      decided.push(input);
      return approval(input.approvalId, 5_000, { status: 'approved' });
    },
  };
  return { approvals, decided };
}

describe('approval routes on their own', () => {
  const { approvals, decided } = fakeApprovals();
  const bed = routeBed((router, guard) => registerApprovalRoutes(router, { guard, approvals }));
  const fiona = personCaller('fiona', 'finance_manager');

  it("shows a person's inbox: what they may decide now, soonest deadline first", async () => {
    const res = await bed.request('GET', '/api/approvals/inbox', { as: fiona });
    expect(res.status).toBe(200);
    expect((await bodyOf<{ approvals: { id: string }[] }>(res)).approvals.map((a) => a.id)).toEqual([
      'apr_soon',
      'apr_late',
    ]);
  });

  it('refuses the inbox to a key bound to nobody (PERSON_REQUIRED)', async () => {
    const res = await bed.request('GET', '/api/approvals/inbox', { as: keyCaller('operator') });
    expect(res.status).toBe(403);
    expect((await bodyOf<{ error: { code: string } }>(res)).error.code).toBe('PERSON_REQUIRED');
  });

  it('lists every approval for oversight, and only for oversight', async () => {
    expect((await bed.request('GET', '/api/approvals?runId=run_apr_soon', { as: keyCaller('viewer') })).status).toBe(
      200,
    );
    expect((await bed.request('GET', '/api/approvals', { as: fiona })).status).toBe(403);
  });

  it('shows an approval to those involved, with whether they may decide it; others get 404', async () => {
    const res = await bed.request('GET', '/api/approvals/apr_soon', { as: fiona });
    expect(res.status).toBe(200);
    expect((await bodyOf<{ viewer: unknown }>(res)).viewer).toEqual({
      personId: 'fiona',
      canDecide: true,
      requirement: 'finance_manager',
    });
    // Involved as the initiator: visible, not decidable.
    const ivan = await bed.request('GET', '/api/approvals/apr_soon', { as: personCaller('ivan', 'engineer') });
    expect((await bodyOf<{ viewer: unknown }>(ivan)).viewer).toMatchObject({ canDecide: false, requirement: null });
    expect((await bed.request('GET', '/api/approvals/apr_other', { as: fiona })).status).toBe(404);
    expect((await bed.request('GET', '/api/approvals/apr_other', { as: personCaller('olivia', 'owner') })).status).toBe(
      200,
    );
  });

  it('decides as the caller, on the channel they came through', async () => {
    const res = await bed.request('POST', '/api/approvals/apr_soon/decision', {
      as: fiona,
      json: { verdict: 'approve', comment: 'fine' },
    });
    expect(res.status).toBe(200);
    expect(decided.at(-1)).toEqual({
      approvalId: 'apr_soon',
      by: 'fiona',
      verdict: 'approve',
      channel: 'dashboard',
      comment: 'fine',
      reason: null,
      choice: null,
    });
    await bed.request('POST', '/api/approvals/apr_soon/decision', {
      as: keyCaller('operator', 'sam'),
      json: { verdict: 'reject', reason: 'not ours' },
    });
    expect(decided.at(-1)).toMatchObject({ by: 'sam', channel: 'api', verdict: 'reject', reason: 'not ours' });
  });

  it('validates the decision body with field paths', async () => {
    const res = await bed.request('POST', '/api/approvals/apr_soon/decision', {
      as: fiona,
      json: { verdict: 'maybe' },
    });
    expect(res.status).toBe(400);
    expect((await bodyOf<{ error: { issues: { path: string }[] } }>(res)).error.issues.map((i) => i.path)).toEqual([
      'body.verdict',
    ]);
  });
});

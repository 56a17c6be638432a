import { describe, expect, it } from 'vitest';
import type { Approval } from '../../../src/approvals/index.ts';
import { dailySeries, valueOn, waitingAt } from '../../../src/workflows/briefing/sources/index.ts';

const H = 3_600_000;

function approval(overrides: Partial<Approval> = {}): Approval {
  return {
    id: 'apr_1',
    runId: 'run_1',
    actionId: 'act_1',
    title: 'Write off invoice PZ-1',
    level: 2,
    kind: 'asynchronous',
    fallback: 'proceed_with_conservative_default',
    timeoutMs: 4 * H,
    approvalsNeeded: 2,
    finalDecisionMakerRole: 'ceo',
    initiatedBy: null,
    requirements: ['cfo', 'finance_manager'],
    record: {},
    status: 'pending',
    round: 1,
    rounds: [
      {
        round: 1,
        reason: 'requested',
        startedAt: 0,
        deadline: 4 * H,
        eligible: [
          { requirement: 'finance_manager', people: ['fiona'], settlesAll: false },
          { requirement: 'cfo', people: ['carlos'], settlesAll: false },
        ],
      },
      {
        round: 2,
        reason: 'escalated_to_backup',
        startedAt: 4 * H,
        deadline: 8 * H,
        eligible: [{ requirement: 'cfo', people: ['olivia'], settlesAll: false }],
      },
    ],
    deadline: 8 * H,
    decisions: [
      {
        seq: 1,
        by: 'fiona',
        verdict: 'approve',
        requirement: 'finance_manager',
        settlesAll: false,
        round: 1,
        at: 2 * H,
        channel: 'dashboard',
        comment: null,
        reason: null,
        choice: null,
      },
    ],
    createdAt: 0,
    updatedAt: 4 * H,
    resolvedAt: null,
    version: 3,
    outboxPending: false,
    publishedAt: null,
    publishCount: 0,
    acknowledgedAt: null,
    ...overrides,
  };
}

describe('who an approval waited for at a given moment', () => {
  it('reads the round under way and leaves out the requirements and people already heard', () => {
    expect(waitingAt(approval(), H)).toEqual({ deadline: 4 * H, waitingFor: ['fiona', 'carlos'] });
    expect(waitingAt(approval(), 3 * H)).toEqual({ deadline: 4 * H, waitingFor: ['carlos'] });
    expect(waitingAt(approval(), 5 * H)).toEqual({ deadline: 8 * H, waitingFor: ['olivia'] });
  });

  it('is nothing before the approval existed or once it was settled', () => {
    expect(waitingAt(approval({ createdAt: 2 * H }), H)).toBeNull();
    expect(waitingAt(approval({ resolvedAt: 5 * H, status: 'approved' }), 6 * H)).toBeNull();
    // Settled later: at the moment asked about it was still open.
    expect(waitingAt(approval({ resolvedAt: 5 * H, status: 'approved' }), 3 * H)?.waitingFor).toEqual(['carlos']);
  });

  it('never asks the person who initiated the action', () => {
    expect(waitingAt(approval({ initiatedBy: 'carlos' }), 3 * H)).toBeNull();
  });
});

describe('daily series', () => {
  const window = { from: '2026-03-01', day: '2026-03-05' };

  it('counts a day without records as 0 once the records begin, and unknown before', () => {
    const s = dailySeries(window, [
      { day: '2026-03-02', value: 4 },
      { day: '2026-03-04', value: 1 },
    ]);
    expect(s.values).toEqual([null, 4, 0, 1, 0]);
    expect(valueOn(s, '2026-03-04')).toBe(1);
    expect(valueOn(s, '2026-02-28')).toBeNull();
    expect(valueOn(s, '2026-03-06')).toBeNull();
  });

  it('leaves every day without a value unknown when told the records never begin (samples, targets)', () => {
    expect(dailySeries(window, [{ day: '2026-03-03', value: 99.5 }], { zeroFrom: null }).values).toEqual([
      null,
      null,
      99.5,
      null,
      null,
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import {
  DEFAULT_POLICY,
  routeApproval,
  routeByCustomerImpact,
  routeByFinancialImpact,
} from '../../../src/policy/index.ts';
import type { CustomerRef, RouteInput } from '../../../src/policy/index.ts';

const P = DEFAULT_POLICY;
const tiers = P.routing.financial.tiers;
const route = (input: Partial<RouteInput>, level: 1 | 2 | 3 = 2) =>
  routeApproval({ financialImpactUsd: 0, customers: [], ...input }, level, P);
const roles = (input: Partial<RouteInput>, level: 1 | 2 | 3 = 2) => route(input, level).requirements.map((r) => r.role);

describe('financial routing boundaries (tiers are "under", so $25,000.00 is the board)', () => {
  it.each([
    [0, null, 'auto-approved: financial impact $0 is under $1,000'],
    [999.99, null, 'auto-approved: financial impact $999.99 is under $1,000'],
    [1000, 'finance_manager', 'finance manager approval: financial impact $1,000 is at least $1,000 and under $5,000'],
    [
      4999.99,
      'finance_manager',
      'finance manager approval: financial impact $4,999.99 is at least $1,000 and under $5,000',
    ],
    [5000, 'cfo', 'CFO approval: financial impact $5,000 is at least $5,000 and under $25,000'],
    [24_999.99, 'cfo', 'CFO approval: financial impact $24,999.99 is at least $5,000 and under $25,000'],
    [25_000, 'board', 'board approval: financial impact $25,000 is $25,000 or more'],
    [25_000.01, 'board', 'board approval: financial impact $25,000.01 is $25,000 or more'],
    [3_000_000, 'board', 'board approval: financial impact $3,000,000 is $25,000 or more'],
  ] as const)('$%s -> %s', (amount, role, reason) => {
    const match = routeByFinancialImpact(amount, tiers);
    expect(match.role).toBe(role);
    expect(match.reason).toBe(reason);
  });

  it('is exact at the cent even when the amount is a float sum', () => {
    expect(routeByFinancialImpact(4999.98 + 0.01, tiers).role).toBe('finance_manager');
    expect(routeByFinancialImpact(0.1 + 0.2 + 4999.7, tiers).role).toBe('cfo');
  });

  it('refuses tiers without an open-ended last tier', () => {
    expect(() => routeByFinancialImpact(50, [{ underUsd: 10, role: null }])).toThrow(/open-ended/);
  });

  it('describes a single catch-all tier', () => {
    expect(routeByFinancialImpact(5, [{ underUsd: null, role: 'cfo' }]).reason).toBe(
      'CFO approval: financial impact $5 (one tier covers every amount)',
    );
  });
});

describe('customer routing', () => {
  const acme: CustomerRef = { id: 'c1', name: 'Acme', successManagerId: 'tara' };
  const rules = P.routing.customer;

  it('routes one customer to their own success manager', () => {
    expect(routeByCustomerImpact([acme], undefined, rules)).toEqual({
      role: 'customer_success_manager',
      assigneeId: 'tara',
      reason: 'customer success manager approval: one customer (Acme) affected',
    });
    const req = route({ customers: [acme] }).requirements;
    expect(req.map((r) => [r.role, r.assigneeId, r.eligible.map((p) => p.id)])).toEqual([
      ['customer_success_manager', 'tara', ['tara']],
    ]);
  });

  it('lets any success manager approve when the customer has none in the directory', () => {
    const req = route({ customers: [{ id: 'c9', successManagerId: 'ghost' }] }).requirements[0];
    expect(req?.eligible.map((p) => p.id)).toEqual(['sam', 'tara']);
    expect(req?.reasons.at(-1)).toMatch(/"ghost" is not a customer success manager/);
    expect(route({ customers: [{ id: 'c9' }] }).requirements[0]?.eligible.map((p) => p.id)).toEqual(['sam', 'tara']);
  });

  it('routes several customers to the head of customer success, counting distinct ids and the run-time count', () => {
    expect(routeByCustomerImpact([acme, { id: 'c2' }], undefined, rules)?.role).toBe('head_of_customer_success');
    expect(routeByCustomerImpact([acme, acme], undefined, rules)?.role).toBe('customer_success_manager');
    expect(routeByCustomerImpact([acme], 40, rules)?.reason).toBe(
      'head of customer success approval: 40 customers affected',
    );
    expect(routeByCustomerImpact([], 1, rules)).toEqual({
      role: 'customer_success_manager',
      assigneeId: null,
      reason: 'customer success manager approval: one customer affected',
    });
    expect(routeByCustomerImpact([], 0, rules)).toBeNull();
  });

  it('routes any enterprise customer to the CEO, whatever the count', () => {
    expect(routeByCustomerImpact([{ id: 'e1', name: 'BigCo', enterprise: true }], undefined, rules)?.reason).toBe(
      'CEO approval: enterprise customer BigCo affected',
    );
    const many = ['A', 'B', 'C', 'D', 'E'].map((n) => ({ id: n, name: n, enterprise: true }));
    expect(routeByCustomerImpact([acme, ...many], 100, rules)?.reason).toBe(
      'CEO approval: enterprise customers A, B, C and 2 more affected',
    );
  });
});

describe('how financial and customer routing combine', () => {
  it('Level 1 needs nobody, whatever the amount or customers', () => {
    const r = route({ financialImpactUsd: 50_000, customers: [{ id: 'e', enterprise: true }] }, 1);
    expect(r).toMatchObject({ autoApproved: true, requirements: [], approval: null });
  });

  it('requires both roles when both apply, highest rank first, as a consensus', () => {
    const r = route({ financialImpactUsd: 4200, customers: [{ id: 'c1', successManagerId: 'sam' }] });
    expect(r.requirements.map((q) => [q.role, q.sources])).toEqual([
      ['finance_manager', ['financial']],
      ['customer_success_manager', ['customer']],
    ]);
    expect(r.approval).toEqual({
      kind: 'consensus',
      timeoutMinutes: 1440,
      fallback: 'escalate_to_final_decision_maker',
      approvalsNeeded: 2,
      finalDecisionMakerRole: 'ceo',
    });
    expect(roles({ financialImpactUsd: 30_000, customers: [{ id: 'e', enterprise: true }] })).toEqual(['board', 'ceo']);
    expect(roles({ financialImpactUsd: 6000, customersAffected: 9 })).toEqual(['cfo', 'head_of_customer_success']);
  });

  it('lists a role named by both rules once, with both reasons', () => {
    const policy = { ...P, routing: { ...P.routing, customer: { ...P.routing.customer, enterpriseRole: 'cfo' } } };
    const r = routeApproval({ financialImpactUsd: 6000, customers: [{ id: 'e', enterprise: true }] }, 2, policy);
    expect(r.requirements).toHaveLength(1);
    expect(r.requirements[0]).toMatchObject({ role: 'cfo', sources: ['financial', 'customer'] });
    expect(r.requirements[0]?.reasons).toHaveLength(2);
    expect(r.approval?.kind).toBe('asynchronous');
  });

  it('uses a single rule alone with the default kind', () => {
    const r = route({ financialImpactUsd: 1000 });
    expect(r.requirements.map((q) => q.role)).toEqual(['finance_manager']);
    expect(r.approval).toMatchObject({
      kind: 'asynchronous',
      timeoutMinutes: 240,
      fallback: 'proceed_with_conservative_default',
      approvalsNeeded: 1,
    });
    expect(roles({ financialImpactUsd: 999.99, customers: [{ id: 'c1' }, { id: 'c2' }] })).toEqual([
      'head_of_customer_success',
    ]);
  });

  it('sends unrouted Level 2 and 3 actions to the default approver', () => {
    for (const level of [2, 3] as const) {
      const r = route({ financialImpactUsd: 999.99 }, level);
      expect(r.autoApproved).toBe(false);
      expect(r.requirements.map((q) => [q.role, q.sources])).toEqual([['owner', ['default']]]);
      expect(r.requirements[0]?.reasons[0]).toBe(
        `owner approval: a Level ${level} action always needs a person, and no financial or customer rule names one`,
      );
    }
  });

  it('never lets the initiator approve; their backup stands in when nobody else holds the role', () => {
    const self = route({ financialImpactUsd: 2000, initiatedBy: 'fiona' }).requirements[0];
    expect(self?.eligible).toEqual([{ id: 'carlos', name: 'Carlos Chen' }]);
    expect(self?.reasons.at(-1)).toBe(
      'Carlos Chen approves as backup, because nobody approves an action they initiated',
    );
    const csm = route({ customers: [{ id: 'c1', successManagerId: 'sam' }], initiatedBy: 'sam' }).requirements[0];
    expect(csm?.eligible.map((p) => p.id)).toEqual(['tara']);
    const anyCsm = route({ customersAffected: 1, initiatedBy: 'tara' }).requirements[0];
    expect(anyCsm?.eligible.map((p) => p.id)).toEqual(['sam']);
    expect(
      route({ financialImpactUsd: 2000, initiatedBy: 'someone-else' }).requirements[0]?.eligible.map((p) => p.id),
    ).toEqual(['fiona']);
  });

  it('applies a consensus quorum to the number of requirements', () => {
    const policy = {
      ...P,
      approvals: {
        ...P.approvals,
        kinds: { ...P.approvals.kinds, consensus: { ...P.approvals.kinds.consensus, quorum: 1 } },
      },
    };
    const r = routeApproval({ financialImpactUsd: 4200, customers: [{ id: 'c1' }] }, 2, policy);
    expect(r.approval?.approvalsNeeded).toBe(1);
  });
});

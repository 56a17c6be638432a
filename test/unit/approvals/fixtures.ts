/** Builders shared by the approvals tests: records under the default (or a tweaked) policy. */
import type { BusinessCalendar, Classification, ProposedAction } from '../../../src/policy/index.ts';
import {
  DEFAULT_POLICY,
  buildDecisionRecord,
  resolvePolicy,
  type DecisionRecord,
  type Policy,
} from '../../../src/policy/index.ts';

export const T0 = Date.UTC(2026, 2, 2, 9, 0, 0);
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

/**
 * The default working week (09:00-17:00, Monday to Friday) in UTC: T0 is a Monday opening, so the
 * asynchronous kind's 4 business hours end at 13:00 the same day, as 4 hours on the wall clock do.
 */
export const CALENDAR: BusinessCalendar = { ...DEFAULT_POLICY.businessCalendar, timeZone: 'UTC' };

export const LEVEL_1: Classification = {
  impact: 'low',
  complexity: 'simple',
  reversibility: 'easily_reversible',
  stakeholders: 'internal',
  financialImpact: 10,
  timeToExecute: 1,
};

export function proposal(amountUsd: number, overrides: Partial<ProposedAction> = {}): ProposedAction {
  return {
    id: 'act-1',
    title: `Refund $${amountUsd}`,
    classification: {
      impact: 'medium',
      complexity: 'simple',
      reversibility: 'reversible',
      stakeholders: 'customer_facing',
      financialImpact: amountUsd,
      timeToExecute: 1,
    },
    ...overrides,
  };
}

/**
 * Policies for each approval kind on a single approver. The synchronous one asks one backup and no
 * further, the single escalation these tests follow; backup-chain.test.ts follows longer chains.
 */
export const POLICIES = {
  asynchronous: DEFAULT_POLICY,
  synchronous: resolvePolicy({ approvals: { defaultKind: 'synchronous', maxBackupHops: 1 } }),
  consensusQuorum1: resolvePolicy({ approvals: { kinds: { consensus: { quorum: 1 } } } }),
} satisfies Record<string, Policy>;

export function record(
  amountUsd: number,
  overrides: Partial<ProposedAction> = {},
  policy: Policy = DEFAULT_POLICY,
): DecisionRecord {
  return buildDecisionRecord(proposal(amountUsd, overrides), policy);
}

/** $4,200 for one customer managed by Sam: finance manager (Fiona) AND Sam, consensus, 24 h. */
export function consensusRecord(
  policy: Policy = DEFAULT_POLICY,
  overrides: Partial<ProposedAction> = {},
): DecisionRecord {
  return record(4200, { customers: [{ id: 'cus_1', name: 'Acme', successManagerId: 'sam' }], ...overrides }, policy);
}

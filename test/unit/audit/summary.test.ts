import { describe, expect, it } from 'vitest';
import {
  AUDIT_KINDS,
  summarizeAuditEntry,
  type AuditData,
  type AuditEntry,
  type AuditKind,
  type SummaryStyle,
} from '../../../src/audit/index.ts';
import { DEFAULT_POLICY, buildDecisionRecord } from '../../../src/policy/index.ts';

const record = buildDecisionRecord(
  {
    id: 'act-1',
    title: 'Refund $4,200',
    classification: {
      impact: 'medium',
      complexity: 'simple',
      reversibility: 'reversible',
      stakeholders: 'customer_facing',
      financialImpact: 4200,
      timeToExecute: 1,
    },
  },
  DEFAULT_POLICY,
);
const AT = Date.UTC(2026, 2, 2, 9);
const DEADLINE = Date.UTC(2026, 2, 2, 13);

const MONEY = {
  customer: { id: 'acme', name: 'Acme Corp' },
  invoice: { id: 'in_1', number: 'PZ-202603-acme' },
  amountCents: 240_000,
  currency: 'usd',
};

/** One entry of every kind, with the data its writers record. */
const DATA: AuditData = {
  decision_record: { record, recommendation: null },
  recommendation_made: { recommendation: { summary: 'refund the duplicate charge' } },
  approval_requested: { kind: 'asynchronous', level: 2, approvalsNeeded: 1, deadline: DEADLINE, eligible: [] },
  notification_sent: { type: 'approval_requested', recipient: 'fiona', channel: 'email', messageId: 'm1' },
  notification_failed: {
    type: 'approval_escalated',
    recipient: 'carlos',
    channel: 'slack',
    messageId: null,
    error: { code: 'SLACK_DOWN', message: 'Slack answered 503' },
  },
  approval_decision: {
    verdict: 'approve',
    requirement: 'finance_manager',
    settlesAll: false,
    round: 1,
    comment: 'uncollectible',
    reason: null,
    statusAfter: 'approved',
    choice: 'write_off',
  },
  approval_timed_out: { round: 1, deadline: DEADLINE },
  approval_escalated: { round: 2, reason: 'escalated_to_backup', deadline: DEADLINE, eligible: [] },
  approval_expired: { round: 3, fallback: 'conservative_default' },
  fallback_taken: { description: 'issue a credit note instead of a refund', result: null },
  action_not_executed: { reason: 'expired_without_default' },
  decision_recorded: { decision: 'approved', decisions: [], choice: 'extend_grace' },
  action_executed: { result: { refunded: 4200 } },
  action_failed: { error: { code: 'CARD_DECLINED', message: 'the card was declined' }, attempts: 3 },
  charge_attempted: {
    ...MONEY,
    attempt: 2,
    by: 'automatic_retry',
    outcome: 'declined',
    chargeId: 'ch_1',
    declineCode: 'insufficient_funds',
    declineType: 'soft',
  },
  charge_disputed: { ...MONEY, paymentId: 'pay_in_1_1' },
  card_updated: {
    customer: MONEY.customer,
    paymentMethod: 'pm_card_visa',
    unpaid: [{ id: 'in_1', number: 'PZ-202603-acme', amountCents: 240_000, currency: 'usd' }],
  },
  invoice_written_off: { ...MONEY, reason: 'Fiona Finch chose to write it off' },
  access_restricted: { ...MONEY, restriction: 'rate_limited', reason: 'unpaid on day 4' },
  access_restored: { ...MONEY, reason: 'paid by the automatic retry' },
};

function entry<K extends AuditKind>(kind: K): AuditEntry {
  return {
    seq: 1,
    at: AT,
    kind,
    actor: 'system',
    channel: 'system',
    runId: 'run_1',
    approvalId: 'apr_1',
    actionId: 'act-1',
    key: null,
    data: DATA[kind],
    prevHash: '0'.repeat(64),
    hash: 'f'.repeat(64),
  } as AuditEntry;
}

const WORDS: SummaryStyle = {
  code: (value) => value.replaceAll('_', ' '),
  person: (id) => ({ fiona: 'Fiona Finch', carlos: 'Carlos Chen' })[id] ?? id,
  time: (ms) => new Date(ms).toISOString().slice(11, 16),
  arrow: '→',
  quote: (text) => `“${text}”`,
  ellipsis: '…',
};

describe('the one audit summary', () => {
  it('says every kind in one line, plainly for terminals', () => {
    expect(Object.fromEntries(AUDIT_KINDS.map((k) => [k, summarizeAuditEntry(entry(k))]))).toEqual({
      decision_record: 'Level 2: Refund $4,200',
      recommendation_made: 'recommends: refund the duplicate charge',
      approval_requested: 'approval requested (asynchronous), decide by 2026-03-02T13:00:00Z',
      notification_sent: 'approval_requested to fiona via email',
      notification_failed: 'approval_escalated to carlos via slack not delivered: Slack answered 503',
      approval_decision: 'approve (chose write_off) as finance_manager -> approved: uncollectible',
      approval_timed_out: 'round 1 timed out',
      approval_escalated: 'round 2: escalated_to_backup',
      approval_expired: 'expired in round 3; fallback: conservative_default',
      fallback_taken: 'issue a credit note instead of a refund',
      action_not_executed: 'expired_without_default',
      decision_recorded: 'decision recorded: approved with the chosen option: extend_grace',
      action_executed: 'executed: {"refunded":4200}',
      action_failed: 'failed after 3 attempt(s): the card was declined',
      charge_attempted:
        'charged Acme Corp $2,400 for invoice PZ-202603-acme (attempt 2, automatic_retry): declined, insufficient_funds (soft)',
      charge_disputed: "Acme Corp's charge of $2,400 for invoice PZ-202603-acme is disputed (payment pay_in_1_1)",
      card_updated: 'Acme Corp updated their card; unpaid: invoice PZ-202603-acme $2,400',
      invoice_written_off: 'wrote off invoice PZ-202603-acme of Acme Corp, $2,400: Fiona Finch chose to write it off',
      access_restricted: "Acme Corp's API access rate_limited for invoice PZ-202603-acme ($2,400): unpaid on day 4",
      access_restored: "Acme Corp's API access restored, invoice PZ-202603-acme ($2,400): paid by the automatic retry",
    });
  });

  it('in words for people, in the style the caller gives', () => {
    expect(summarizeAuditEntry(entry('approval_decision'), WORDS)).toBe(
      'approve (chose write off) as finance manager → approved: “uncollectible”',
    );
    expect(summarizeAuditEntry(entry('notification_sent'), WORDS)).toBe('approval requested to Fiona Finch via email');
    expect(summarizeAuditEntry(entry('approval_requested'), WORDS)).toBe(
      'approval requested (asynchronous), decide by 13:00',
    );
    expect(summarizeAuditEntry(entry('charge_attempted'), WORDS)).toBe(
      'charged Acme Corp $2,400 for invoice PZ-202603-acme (attempt 2, automatic retry): declined, insufficient funds (soft)',
    );
  });

  it('reads entries written before a field existed, and cuts long raw data', () => {
    const old = entry('approval_decision');
    const { choice: _, ...withoutChoice } = DATA.approval_decision;
    expect(summarizeAuditEntry({ ...old, data: { ...withoutChoice, comment: null } } as AuditEntry)).toBe(
      'approve as finance_manager -> approved',
    );
    const big = { ...entry('action_executed'), data: { result: 'x'.repeat(200) } } as AuditEntry;
    const line = summarizeAuditEntry(big);
    expect(line).toHaveLength('executed: '.length + 80);
    expect(line.endsWith('...')).toBe(true);
  });
});

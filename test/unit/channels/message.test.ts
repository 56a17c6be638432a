/**
 * What people read: the channel-neutral message (amount, customer, why you, deadline, what
 * happens if nobody decides), its email rendering (escaped HTML, links only for deciders) and its
 * Slack blocks, built from approvals as the lifecycle opens and escalates them.
 */
import { describe, expect, it } from 'vitest';
import type { Approval, ApprovalNotification } from '../../../src/approvals/index.ts';
import { applyDecision, applyTimeout, openApproval } from '../../../src/approvals/index.ts';
import {
  approvalMessageBlocks,
  composeMessage,
  formatDeadline,
  formatShortTime,
  planDeliveries,
  renderApprovalEmail,
} from '../../../src/channels/index.ts';
import type { DecisionRecord, Person, Policy, PolicyValidationError } from '../../../src/policy/index.ts';
import { DEFAULT_POLICY, findPerson, formatDecisionRecord, resolvePolicy } from '../../../src/policy/index.ts';
import { CALENDAR, HOUR, MINUTE, POLICIES, T0, consensusRecord, record } from '../approvals/fixtures.ts';

function person(id: string, policy: Policy = DEFAULT_POLICY): Person {
  return findPerson(policy.directory, id)!;
}

function notify(
  approval: Approval,
  rec: DecisionRecord,
  type: ApprovalNotification['type'] = 'approval_requested',
): ApprovalNotification {
  return {
    type,
    approvalId: approval.id,
    runId: 'run_1',
    actionId: approval.actionId,
    title: approval.title,
    level: approval.level,
    recipients: [],
    summary: formatDecisionRecord(rec),
    deadline: type === 'approval_resolved' ? null : approval.deadline,
    idempotencyKey: 'k',
    facts: { amountUsd: 4200, customers: [{ id: 'cus_1', name: 'Acme' }], recommendation: null },
  };
}

const facts = (m: { facts: { label: string; value: string }[] }): Record<string, string> =>
  Object.fromEntries(m.facts.map((f) => [f.label, f.value]));

describe('approval messages', () => {
  it('tells an approver what, how much, for whom, why them, by when, and what happens otherwise', () => {
    const rec = consensusRecord();
    const approval = openApproval(
      { id: 'apr_1', runId: 'run_1', record: rec, now: T0 },
      DEFAULT_POLICY.directory,
      CALENDAR,
    );
    const m = composeMessage(notify(approval, rec), approval, person('fiona'), DEFAULT_POLICY.directory, T0, 'UTC');
    expect(m.headline).toBe('Approval needed: Refund $4200');
    expect(m.greeting).toBe('Hello Fiona,');
    expect(m.canDecide).toBe(true);
    expect(facts(m)).toEqual({
      Proposed: 'Refund $4200',
      Amount: '$4,200',
      Customer: 'Acme (cus_1)',
      'Why you': 'finance manager approval: financial impact $4,200 is at least $1,000 and under $5,000',
      'Also asked': 'Sam Singh (customer success manager)',
      'Decide by': 'Tuesday 3 March 2026, 09:00 UTC (in 24 hours)',
      'If nobody decides': 'it goes to the CEO as well',
    });
    expect(m.deadlineShort).toBe('3 Mar 09:00 UTC');
  });

  it('explains an escalation to a backup, and that nobody else is asked after it', () => {
    const rec = record(4200, {}, POLICIES.synchronous);
    const opened = openApproval(
      { id: 'apr_2', runId: 'run_1', record: rec, now: T0 },
      POLICIES.synchronous.directory,
      CALENDAR,
    );
    const { approval } = applyTimeout(opened, 1, T0 + 5 * MINUTE, POLICIES.synchronous.directory, CALENDAR);
    const m = composeMessage(
      notify(approval, rec, 'approval_escalated'),
      approval,
      person('carlos'),
      POLICIES.synchronous.directory,
      T0 + 5 * MINUTE,
      'UTC',
    );
    expect(m.headline).toBe('Escalated to you: Refund $4200');
    expect(facts(m)['Why you']).toBe('you are the backup for Fiona Finch, who did not decide in time');
    expect(facts(m)['If nobody decides']).toBe(
      'the approval expires and PsiZero does not carry out the action as proposed',
    );
    expect(facts(m)['Decide by']).toBe('Monday 2 March 2026, 09:10 UTC (in 5 minutes)');
  });

  it('offers no decision to someone who has decided, and words Level 3 as accepting a recommendation', () => {
    const rec = consensusRecord();
    const opened = openApproval(
      { id: 'apr_3', runId: 'run_1', record: rec, now: T0 },
      DEFAULT_POLICY.directory,
      CALENDAR,
    );
    const decided = applyDecision(
      opened,
      { approvalId: 'apr_3', by: 'fiona', verdict: 'approve', channel: 'slack' },
      T0 + HOUR,
      DEFAULT_POLICY.directory,
    );
    expect(
      composeMessage(notify(decided, rec), decided, person('fiona'), DEFAULT_POLICY.directory, T0, 'UTC').canDecide,
    ).toBe(false);
    const sam = composeMessage(notify(decided, rec), decided, person('sam'), DEFAULT_POLICY.directory, T0, 'UTC');
    expect(sam.canDecide).toBe(true);
    expect(sam.decisions).toEqual(['Fiona Finch approved via slack on 2 Mar 10:00 UTC']);

    const level3 = record(30_000, {
      classification: {
        impact: 'critical',
        complexity: 'complex',
        reversibility: 'irreversible',
        stakeholders: 'external',
        financialImpact: 30_000,
        timeToExecute: 1,
      },
    });
    const l3 = openApproval(
      { id: 'apr_4', runId: 'run_1', record: level3, now: T0 },
      DEFAULT_POLICY.directory,
      CALENDAR,
    );
    const decider = l3.rounds[0]!.eligible[0]!.people[0]!;
    const m = composeMessage(
      notify(l3, level3, 'recommendation'),
      l3,
      person(decider),
      DEFAULT_POLICY.directory,
      T0,
      'UTC',
    );
    expect([m.headline, m.approveLabel, m.rejectLabel]).toEqual([
      'Decision needed: Refund $30000',
      'Accept the recommendation',
      'Decline',
    ]);
    expect(facts(m)['If nobody decides']).toBe('the decision lapses; PsiZero never acts on a recommendation by itself');
  });

  it('says how far away a deadline is in words a person uses', () => {
    expect(formatDeadline(T0 + 30_000, T0, 'UTC')).toBe('Monday 2 March 2026, 09:00 UTC (in less than a minute)');
    expect(formatDeadline(T0 + 3 * 24 * HOUR, T0, 'UTC')).toBe('Thursday 5 March 2026, 09:00 UTC (in 3 days)');
    expect(formatDeadline(T0, T0 + MINUTE, 'UTC')).toBe('Monday 2 March 2026, 09:00 UTC (already passed)');
  });

  it('writes times in the reader’s zone: their own, else the company’s, with the abbreviation of that day', () => {
    // 2 March 09:00 UTC is 01:00 in Los Angeles (PST) and 04:00 in New York (EST); 9 March 09:00 UTC is 02:00 PDT.
    expect(formatDeadline(T0 + HOUR, T0, 'America/Los_Angeles')).toBe('Monday 2 March 2026, 02:00 PST (in 60 minutes)');
    expect(formatShortTime(T0 + 7 * 24 * HOUR, 'America/Los_Angeles')).toBe('9 Mar 02:00 PDT');
    expect(formatShortTime(T0, 'America/New_York')).toBe('2 Mar 04:00 EST');
    const rec = consensusRecord();
    const approval = openApproval(
      { id: 'apr_9', runId: 'run_1', record: rec, now: T0 },
      DEFAULT_POLICY.directory,
      CALENDAR,
    );
    const note = notify(approval, rec);
    const la = composeMessage(note, approval, person('fiona'), DEFAULT_POLICY.directory, T0, 'America/Los_Angeles');
    expect(la.deadlineShort).toBe(formatShortTime(note.deadline!, 'America/Los_Angeles'));
    expect(la.deadlineShort).toMatch(/ PST$/);
    const newYorker = { ...person('fiona'), timeZone: 'America/New_York' };
    const ny = composeMessage(note, approval, newYorker, DEFAULT_POLICY.directory, T0, 'America/Los_Angeles');
    expect(ny.deadlineShort).toBe(formatShortTime(note.deadline!, 'America/New_York'));
    expect(ny.deadlineShort).toMatch(/ EST$/);
  });
});

describe('email and Slack rendering', () => {
  const rec = consensusRecord(DEFAULT_POLICY, { title: 'Refund <b>"Acme"</b> & co' });
  const approval = openApproval(
    { id: 'apr_5', runId: 'run_1', record: rec, now: T0 },
    DEFAULT_POLICY.directory,
    CALENDAR,
  );
  const message = composeMessage(notify(approval, rec), approval, person('fiona'), DEFAULT_POLICY.directory, T0, 'UTC');
  const links = { approve: 'https://p.example/approvals/link/a?x=1&y=2', reject: 'https://p.example/approvals/link/r' };

  it('escapes everything a workflow wrote into the HTML part and keeps the text part readable', () => {
    const email = renderApprovalEmail(message, links, 'https://p.example/');
    expect(email.subject).toBe('[PsiZero] Approval needed: Refund <b>"Acme"</b> & co (decide by 3 Mar 09:00 UTC)');
    expect(email.html).toContain('Refund &lt;b&gt;&quot;Acme&quot;&lt;/b&gt; &amp; co');
    expect(email.html).not.toContain('<b>"Acme"</b>');
    expect(email.html).toContain('href="https://p.example/approvals/link/a?x=1&amp;y=2"');
    expect(email.text).toContain('Approve: https://p.example/approvals/link/a?x=1&y=2');
    expect(email.text).toContain('Reject: https://p.example/approvals/link/r');
  });

  it('sends people to the dashboard when there are no links, and offers nothing to decide after the outcome', () => {
    expect(renderApprovalEmail(message, null, 'https://p.example/').text).toContain(
      'Decide in the PsiZero dashboard: https://p.example/',
    );
    const resolved = composeMessage(
      { ...notify(approval, rec, 'approval_resolved'), summary: 'Refund: not executed (rejected)' },
      approval,
      person('fiona'),
      DEFAULT_POLICY.directory,
      T0,
      'UTC',
    );
    expect(resolved.canDecide).toBe(false);
    expect(resolved.details).toBe('');
    const email = renderApprovalEmail(resolved, null, 'https://p.example/');
    expect(email.text).toContain('See it in the PsiZero dashboard: https://p.example/');
    expect(email.text).not.toContain('Decide in');
    expect(approvalMessageBlocks(resolved, approval.id).blocks.map((b) => b.type)).not.toContain('actions');
  });
});

describe('delivery plan', () => {
  it('always includes the dashboard, then Slack and email where the person and the configuration allow', () => {
    const people = DEFAULT_POLICY.directory.people.map((p) =>
      p.id === 'fiona'
        ? { ...p, slackUserId: undefined }
        : p.id === 'sam'
          ? { ...p, email: undefined, slackUserId: undefined }
          : p,
    );
    const { directory } = resolvePolicy({ directory: { people } });
    const plan = planDeliveries(['carlos', 'fiona', 'sam', 'carlos', 'ghost'], directory, { email: true, slack: true });
    expect(plan.map((d) => `${d.recipientId}:${d.channel}`)).toEqual([
      'carlos:dashboard',
      'carlos:slack',
      'carlos:email',
      'fiona:dashboard',
      'fiona:email',
      'sam:dashboard',
    ]);
    expect(planDeliveries(['carlos'], directory, { email: false, slack: false })).toEqual([
      { recipientId: 'carlos', channel: 'dashboard' },
    ]);
  });

  it('refuses a directory where one Slack id names two people (a click must decide as one person)', () => {
    const people = DEFAULT_POLICY.directory.people.map((p) =>
      p.id === 'sam' ? { ...p, slackUserId: 'U01FINMGR' } : p,
    );
    const index = people.findIndex((p) => p.id === 'sam');
    let issues: { path: string; message: string }[] = [];
    try {
      resolvePolicy({ directory: { people } });
    } catch (err) {
      issues = (err as PolicyValidationError).issues;
    }
    expect(issues).toEqual([
      { path: `directory.people[${index}].slackUserId`, message: '"U01FINMGR" is used by more than one person' },
    ]);
  });
});

/**
 * Slack and email say what PsiZero recommends and what silence means: the recommended option is
 * marked (and is Slack's primary button), an option that cannot succeed is listed with why and gets
 * no button, and "if nobody decides" names the workflow's safer default when the approval stored it.
 */
import { describe, expect, it } from 'vitest';
import type { Approval, ApprovalNotification } from '../../../src/approvals/index.ts';
import { openApproval } from '../../../src/approvals/index.ts';
import { approvalMessageBlocks, composeMessage, renderApprovalEmail } from '../../../src/channels/index.ts';
import type { DecisionRecord } from '../../../src/policy/index.ts';
import { DEFAULT_POLICY, findPerson, formatDecisionRecord } from '../../../src/policy/index.ts';
import { CALENDAR, POLICIES, T0, consensusRecord, record } from '../approvals/fixtures.ts';

const directory = DEFAULT_POLICY.directory;
const fiona = findPerson(directory, 'fiona')!;
const CHOICES = [
  { id: 'retry_now', label: 'Retry the charge now', unavailable: 'the card was reported stolen' },
  { id: 'extend_grace', label: 'Extend the grace period', description: 'Give the customer a week.' },
  { id: 'write_off', label: 'Write the invoice off' },
];
const DEFAULT = 'continue the automated recovery schedule';

function notify(approval: Approval, rec: DecisionRecord): ApprovalNotification {
  return {
    type: 'approval_requested',
    approvalId: approval.id,
    runId: 'run_1',
    actionId: approval.actionId,
    title: approval.title,
    level: approval.level,
    recipients: ['fiona'],
    summary: formatDecisionRecord(rec),
    deadline: approval.deadline,
    idempotencyKey: 'k',
    facts: { amountUsd: 4200, customers: [], recommendation: 'extend the grace period' },
  };
}

function opened(rec: DecisionRecord, policy = DEFAULT_POLICY): Approval {
  return openApproval(
    {
      id: 'apr_1',
      runId: 'run_1',
      record: rec,
      recommendation: { summary: 'extend the grace period', choice: 'extend_grace' },
      consequences: { ifNobodyDecides: DEFAULT, ifRejected: null },
      now: T0,
    },
    policy.directory,
    CALENDAR,
  );
}

const facts = (m: { facts: { label: string; value: string }[] }): Record<string, string> =>
  Object.fromEntries(m.facts.map((f) => [f.label, f.value]));

describe('the recommended option and the default in Slack and email', () => {
  const rec = record(4200, { choices: CHOICES });
  const approval = opened(rec);
  const message = composeMessage(notify(approval, rec), approval, fiona, directory, T0, 'UTC');

  it('marks the recommended option and the one that cannot succeed', () => {
    expect(message.choices).toEqual([
      {
        id: 'retry_now',
        label: 'Retry the charge now',
        description: null,
        unavailable: 'the card was reported stolen',
      },
      {
        id: 'extend_grace',
        label: 'Extend the grace period',
        description: 'Give the customer a week.',
        recommended: true,
      },
      { id: 'write_off', label: 'Write the invoice off', description: null },
    ]);
    expect(facts(message)['Options (choose one)']).toBe(
      'Retry the charge now (not available); Extend the grace period (recommended); Write the invoice off',
    );
  });

  it('names the safer default for each fallback', () => {
    expect(facts(message)['If nobody decides']).toBe(
      `the approval expires and PsiZero takes its safer default: ${DEFAULT}`,
    );
    const consensus = consensusRecord();
    const both = opened(consensus);
    expect(facts(composeMessage(notify(both, consensus), both, fiona, directory, T0, 'UTC'))['If nobody decides']).toBe(
      `it goes to the CEO as well; if nobody decides then either, PsiZero takes its safer default: ${DEFAULT}`,
    );
    const sync = record(4200, {}, POLICIES.synchronous);
    const backup = opened(sync, POLICIES.synchronous);
    expect(
      facts(composeMessage(notify(backup, sync), backup, fiona, POLICIES.synchronous.directory, T0, 'UTC'))[
        'If nobody decides'
      ],
    ).toContain("it goes to each approver's backup as well; if nobody decides then either");
  });

  it('Slack: the recommended option is the primary button, the unavailable one has none but says why', () => {
    const { blocks } = approvalMessageBlocks(message, 'apr_1');
    const actions = blocks.find((b) => b.type === 'actions') as { elements: Record<string, unknown>[] };
    expect(actions.elements.map((e) => [e.action_id, e.style ?? null])).toEqual([
      ['psizero_choose:extend_grace', 'primary'],
      ['psizero_choose:write_off', null],
      ['psizero_reject', 'danger'],
    ]);
    const listed = JSON.stringify(blocks);
    expect(listed).toContain('• *Extend the grace period* _(recommended)_ — Give the customer a week.');
    expect(listed).toContain('• *Retry the charge now* — not available: the card was reported stolen');
    expect(listed).toContain(
      `*If nobody decides:* the approval expires and PsiZero takes its safer default: ${DEFAULT}`,
    );
  });

  it('email: the options and the default are in both parts', () => {
    const email = renderApprovalEmail(message, { approve: 'https://x/a', reject: 'https://x/r' }, null);
    expect(email.text).toContain('Extend the grace period (recommended)');
    expect(email.text).toContain(`PsiZero takes its safer default: ${DEFAULT}`);
    expect(email.html).toContain('Extend the grace period (recommended)');
    expect(email.text).toContain('(not available: the card was reported stolen)');
  });
});

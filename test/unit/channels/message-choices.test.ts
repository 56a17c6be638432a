/** What people read about an approval with choices: the options in the message and the email, and the chosen one afterwards. */
import { describe, expect, it } from 'vitest';
import type { Approval, ApprovalNotification } from '../../../src/approvals/index.ts';
import { applyDecision, openApproval } from '../../../src/approvals/index.ts';
import { composeMessage, decidedMessageBlocks, renderApprovalEmail } from '../../../src/channels/index.ts';
import type { DecisionRecord } from '../../../src/policy/index.ts';
import { DEFAULT_POLICY, findPerson, formatDecisionRecord } from '../../../src/policy/index.ts';
import { CALENDAR, MINUTE, T0, record } from '../approvals/fixtures.ts';

const directory = DEFAULT_POLICY.directory;
const fiona = findPerson(directory, 'fiona')!;
const CHOICES = [
  { id: 'retry_now', label: 'Retry the charge now', description: 'Charge the card again.' },
  { id: 'write_off', label: 'Write the invoice off' },
];

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
    facts: { amountUsd: 4200, customers: [], recommendation: null },
  };
}

describe('messages about approvals with choices', () => {
  const rec = record(4200, { choices: CHOICES });
  const approval = openApproval({ id: 'apr_1', runId: 'run_1', record: rec, now: T0 }, directory, CALENDAR);

  it('lists the options, and the email says that approving means choosing one', () => {
    const m = composeMessage(notify(approval, rec), approval, fiona, directory, T0, 'UTC');
    expect(m.choices).toEqual([
      { id: 'retry_now', label: 'Retry the charge now', description: 'Charge the card again.' },
      { id: 'write_off', label: 'Write the invoice off', description: null },
    ]);
    expect(m.facts).toContainEqual({
      label: 'Options (choose one)',
      value: 'Retry the charge now; Write the invoice off',
    });
    expect(m.approveLabel).toBe('Choose an option and approve');
    const email = renderApprovalEmail(m, { approve: 'https://x/a', reject: 'https://x/r' }, null);
    expect(email.text).toContain('Choose an option and approve: https://x/a');
    expect(email.text).toContain('  - Retry the charge now [retry_now]: Charge the card again.');
  });

  it('says which option was chosen once decided', () => {
    const decided = applyDecision(
      approval,
      { approvalId: approval.id, by: 'fiona', verdict: 'approve', channel: 'slack', choice: 'write_off' },
      T0 + MINUTE,
      directory,
    );
    const m = composeMessage(
      { ...notify(decided, rec), type: 'approval_resolved', deadline: null },
      decided,
      fiona,
      directory,
      T0 + MINUTE,
      'UTC',
    );
    expect(m.decisions[0]).toContain('Fiona Finch approved "Write the invoice off" via slack');
    expect(JSON.stringify(decidedMessageBlocks(decided, 'fiona', 'UTC').blocks[0])).toContain(
      'You approved this (*Write the invoice off*)',
    );
  });

  it('leaves messages about approvals without choices as they were', () => {
    const plain = record(4200);
    const a = openApproval({ id: 'apr_2', runId: 'run_1', record: plain, now: T0 }, directory, CALENDAR);
    const m = composeMessage(notify(a, plain), a, fiona, directory, T0, 'UTC');
    expect(m.choices).toEqual([]);
    expect(m.approveLabel).toBe('Approve');
    expect(m.facts.map((f) => f.label)).not.toContain('Options (choose one)');
  });
});

/**
 * Block Kit layouts: the approval message (a section with what and why, a context line, and
 * approve/reject buttons), the same message once decided, and the modal that asks for a reason
 * before a rejection. Buttons carry `action_id` = the decision and `value` = the approval id; the
 * interactions handler trusts neither beyond that: it decides as the Slack user who clicked, and
 * the approval service checks that person may decide.
 *
 * An approval whose action offers choices gets one button per option instead of Approve (action id
 * `psizero_choose:<option>`, value = `encodeChoiceValue`: the approval id and the option), plus
 * Reject; the options and their descriptions are listed above the buttons. PsiZero's recommended
 * option is marked and is the primary button; an option that cannot succeed is listed with why and
 * has no button.
 */
import type { Approval } from '../approvals/index.ts';
import { recordOf } from '../approvals/index.ts';
import { choiceLabel } from '../policy/index.ts';
import type { ApprovalMessage } from './message.ts';
import { formatShortTime } from './message.ts';

export const SLACK_ACTION_APPROVE = 'psizero_approve';
export const SLACK_ACTION_REJECT = 'psizero_reject';
/** Prefix of a choice button's action id (ids must be unique within the actions block). */
export const SLACK_ACTION_CHOOSE = 'psizero_choose:';

/** A choice button's value: which approval, which option. JSON, so neither part's characters matter. */
export function encodeChoiceValue(approvalId: string, choice: string): string {
  return JSON.stringify({ approvalId, choice });
}

/** Slack shows at most 75 characters on a button. */
const BUTTON_LIMIT = 75;
/** The reject modal's callback id, and its one input (block id and action id). */
export const SLACK_REJECT_CALLBACK = 'psizero_reject_reason';
export const SLACK_REASON_INPUT = 'reason';

/** Section text is limited to 3,000 characters; fallback text should stay short for notifications. */
const SECTION_LIMIT = 3_000;

/** Slack's mrkdwn treats &, < and > as control characters. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function clip(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}

function plain(text: string): { type: 'plain_text'; text: string; emoji: boolean } {
  return { type: 'plain_text', text, emoji: true };
}

function section(text: string): Record<string, unknown> {
  return { type: 'section', text: { type: 'mrkdwn', text: clip(text, SECTION_LIMIT) } };
}

function context(lines: string[]): Record<string, unknown> {
  return {
    type: 'context',
    elements: lines.slice(0, 10).map((line) => ({ type: 'mrkdwn', text: clip(line, SECTION_LIMIT) })),
  };
}

export interface SlackLayout {
  text: string;
  blocks: Record<string, unknown>[];
}

/** `pageUrl`: the approval in the dashboard, linked from the context line when known. */
export function approvalMessageBlocks(
  message: ApprovalMessage,
  approvalId: string,
  pageUrl: string | null = null,
): SlackLayout {
  const facts = message.facts.map((f) => `*${escapeMrkdwn(f.label)}:* ${escapeMrkdwn(f.value)}`).join('\n');
  const blocks: Record<string, unknown>[] = [
    section(`*${escapeMrkdwn(message.headline)}*\n${escapeMrkdwn(message.intro)}`),
    section(facts),
  ];
  if (message.decisions.length > 0) blocks.push(context(message.decisions.map(escapeMrkdwn)));
  const where = pageUrl === null ? 'the PsiZero dashboard' : `<${pageUrl}|the PsiZero dashboard>`;
  blocks.push(context([`Approval \`${approvalId}\` · the full decision record is in ${where}`]));
  if (message.canDecide && message.choices.length > 0) {
    const options = message.choices.map((c) => {
      const mark = c.recommended ? ' _(recommended)_' : '';
      const about = c.unavailable
        ? ` — not available: ${escapeMrkdwn(c.unavailable)}`
        : c.description === null
          ? ''
          : ` — ${escapeMrkdwn(c.description)}`;
      return `• *${escapeMrkdwn(c.label)}*${mark}${about}`;
    });
    blocks.push(section(`*Choose one to approve it:*\n${options.join('\n')}`));
  }
  if (message.canDecide) {
    const approve =
      message.choices.length === 0
        ? [
            {
              type: 'button',
              action_id: SLACK_ACTION_APPROVE,
              value: approvalId,
              style: 'primary',
              text: plain(message.approveLabel),
            },
          ]
        : // An option that cannot succeed gets no button; the recommended one is the primary button.
          message.choices
            .filter((c) => c.unavailable === undefined)
            .map((c) => ({
              type: 'button',
              action_id: `${SLACK_ACTION_CHOOSE}${c.id}`,
              value: encodeChoiceValue(approvalId, c.id),
              text: plain(clip(c.label, BUTTON_LIMIT)),
              ...(c.recommended && { style: 'primary' }),
            }));
    blocks.push({
      type: 'actions',
      block_id: 'psizero_decision',
      elements: [
        ...approve,
        {
          type: 'button',
          action_id: SLACK_ACTION_REJECT,
          value: approvalId,
          style: 'danger',
          text: plain(message.rejectLabel),
        },
      ],
    });
  }
  const due = message.canDecide && message.deadlineShort ? ` (decide by ${message.deadlineShort})` : '';
  return { text: clip(`${message.headline}${due}`, 300), blocks };
}

const STATUS_AFTER: Readonly<Record<Approval['status'], string>> = {
  pending: 'waiting for the other approvers',
  escalated: 'waiting for the other approvers',
  approved: 'approved',
  rejected: 'rejected',
  expired: 'expired',
};

/** Replaces the buttons once this person has decided, so the message shows what they did (times in `zone`). */
export function decidedMessageBlocks(approval: Approval, personId: string, zone: string): SlackLayout {
  const mine = approval.decisions.find((d) => d.by === personId);
  const verb = mine?.verdict === 'reject' ? 'rejected' : 'approved';
  const when = mine === undefined ? '' : ` on ${formatShortTime(mine.at, zone)}`;
  const why = mine?.reason ?? mine?.comment ?? null;
  const choice = mine?.choice ?? null;
  const label = choice === null ? '' : ` (*${escapeMrkdwn(choiceLabel(recordOf(approval), choice))}*)`;
  const line = `${verb === 'approved' ? ':white_check_mark:' : ':x:'} You ${verb} this${label}${when}${why === null ? '' : `: "${escapeMrkdwn(why)}"`}.`;
  return {
    text: `You ${verb}: ${approval.title}`,
    blocks: [
      section(`*${escapeMrkdwn(approval.title)}*\n${line}`),
      context([`Approval \`${approval.id}\` is now ${STATUS_AFTER[approval.status]}.`]),
    ],
  };
}

/** Where the approval message is, so the modal's submission can update it. */
export interface MessageRef {
  channel: string;
  ts: string;
}

export interface RejectModalMetadata {
  approvalId: string;
  message: MessageRef | null;
}

export function rejectModal(approval: Approval, message: MessageRef | null): Record<string, unknown> {
  const level3 = approval.level === 3;
  const metadata: RejectModalMetadata = { approvalId: approval.id, message };
  return {
    type: 'modal',
    callback_id: SLACK_REJECT_CALLBACK,
    private_metadata: JSON.stringify(metadata),
    title: plain(level3 ? 'Decline' : 'Reject'),
    submit: plain(level3 ? 'Decline' : 'Reject'),
    close: plain('Cancel'),
    blocks: [
      section(`*${escapeMrkdwn(approval.title)}*\nYour reason is recorded with your decision in the audit log.`),
      {
        type: 'input',
        block_id: SLACK_REASON_INPUT,
        label: plain(level3 ? 'Why do you decline the recommendation?' : 'Why do you reject it?'),
        element: { type: 'plain_text_input', action_id: SLACK_REASON_INPUT, multiline: true, max_length: 2_000 },
      },
    ],
  };
}

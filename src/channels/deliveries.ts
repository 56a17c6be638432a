/**
 * One delivery attempt per channel: the body of a durable delivery step. Each takes the message
 * composed for one person and returns what the channel said; a ChannelError's `retryable` decides
 * whether the engine tries again.
 */
import { createHash } from 'node:crypto';
import type { ApprovalLinks, ApprovalNotification } from '../approvals/index.ts';
import type { Person } from '../policy/index.ts';
import type { NotificationRepository } from '../notifications/notification-repository.ts';
import { DECISION_REQUEST_TYPES } from '../notifications/notification-repository.ts';
import type { EmailSender } from './email-transport.ts';
import type { DecisionLinks } from './email-templates.ts';
import { renderApprovalEmail } from './email-templates.ts';
import { ChannelError } from './errors.ts';
import type { ApprovalMessage } from './message.ts';
import { factLines } from './message.ts';
import { approvalMessageBlocks } from './slack-blocks.ts';
import type { SlackClient } from './slack-client.ts';

/** Recorded as the step's result: JSON, the same on replay. */
export type DeliveryOutcome = { status: 'sent'; messageId: string | null } | { status: 'skipped'; reason: string };

export interface DeliveryInput {
  notification: ApprovalNotification;
  person: Person;
  message: ApprovalMessage;
  /** The delivery step's idempotency key: stable across the step's attempts. */
  key: string;
  now: number;
  /** The approval was settled (decided or expired) when this attempt read it. */
  settled?: boolean;
}

function digest(key: string, length: number): string {
  return createHash('sha256').update(key).digest('hex').slice(0, length);
}

export async function deliverToDashboard(
  notifications: NotificationRepository,
  input: DeliveryInput,
): Promise<DeliveryOutcome> {
  const { notification, message } = input;
  // The notice of how it ended is written after every request was delivered: settle them all, even
  // one whose delivery read the approval just before the decision (the service settled it meanwhile).
  if (notification.type === 'approval_resolved') await notifications.settle(notification.approvalId, input.now);
  const body = [message.intro, '', ...factLines(message), ...message.decisions.map((d) => `- ${d}`)].join('\n');
  // A request that arrives after the approval settled needs nobody: it is written already read.
  const settledRequest = input.settled === true && DECISION_REQUEST_TYPES.includes(notification.type);
  const { notification: stored } = await notifications.create({
    id: `ntf_${digest(input.key, 24)}`,
    personId: input.person.id,
    type: notification.type,
    title: message.headline,
    body,
    approvalId: notification.approvalId,
    runId: notification.runId,
    deadline: notification.deadline,
    createdAt: input.now,
    readAt: settledRequest ? input.now : null,
  });
  return { status: 'sent', messageId: stored.id };
}

export interface EmailChannel {
  sender: EmailSender;
  /** Signs the approve/reject links; null: emails send people to the dashboard instead. */
  links: Pick<ApprovalLinks, 'issue'> | null;
  /** Where PsiZero is reachable from a mail client, e.g. https://psizero.example.com (no trailing slash needed). */
  publicBaseUrl: string;
}

/** The confirmation page for a signed link (GET shows it, POST decides). */
export function approvalLinkUrl(publicBaseUrl: string, token: string): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}/approvals/link/${token}`;
}

/** The approval's page in the dashboard. */
export function approvalPageUrl(publicBaseUrl: string, approvalId: string): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}/approvals/${encodeURIComponent(approvalId)}`;
}

export async function deliverEmail(email: EmailChannel, input: DeliveryInput): Promise<DeliveryOutcome> {
  const { person, message, notification } = input;
  if (person.email === undefined)
    throw new ChannelError('RECIPIENT_UNREACHABLE', 'email', `${person.id} has no email address`, { retryable: false });
  let links: DecisionLinks | null = null;
  // One signed link per intent, and only for someone who may decide now.
  const signer = email.links;
  if (message.canDecide && signer !== null) {
    const issue = async (intent: 'approve' | 'reject'): Promise<string> =>
      approvalLinkUrl(
        email.publicBaseUrl,
        (await signer.issue({ approvalId: notification.approvalId, personId: person.id, intent })).token,
      );
    links = { approve: await issue('approve'), reject: await issue('reject') };
  }
  const rendered = renderApprovalEmail(message, links, approvalPageUrl(email.publicBaseUrl, notification.approvalId));
  const domain = new URL(email.publicBaseUrl).hostname || 'psizero';
  const sent = await email.sender.send({
    to: person.email,
    ...rendered,
    messageId: `<${digest(input.key, 32)}@${domain}>`,
  });
  return { status: 'sent', messageId: sent.messageId };
}

export interface SlackChannel {
  client: SlackClient;
  /** Where PsiZero is reachable, to link the approval's page; null when not configured. */
  publicBaseUrl: string | null;
}

export async function deliverSlack(slack: SlackChannel, input: DeliveryInput): Promise<DeliveryOutcome> {
  const { person, message, notification } = input;
  if (person.slackUserId === undefined)
    throw new ChannelError('RECIPIENT_UNREACHABLE', 'slack', `${person.id} has no Slack user id`, { retryable: false });
  // Posting to a user id opens (or reuses) the bot's direct message with that person.
  const page = slack.publicBaseUrl === null ? null : approvalPageUrl(slack.publicBaseUrl, notification.approvalId);
  const posted = await slack.client.postMessage({
    channel: person.slackUserId,
    ...approvalMessageBlocks(message, notification.approvalId, page),
  });
  return { status: 'sent', messageId: `${posted.channel}/${posted.ts}` };
}

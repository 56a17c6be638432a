/**
 * Reports to people that ask nothing of them (the morning briefing and its urgent items): one
 * message already rendered for every channel, delivered to one person on one channel per call,
 * the body of a durable step in the workflow that sends it. The dashboard copy is a notification
 * row keyed by the step's idempotency key, so a step that runs twice writes once; email carries a
 * Message-ID from the same key; Slack posts a direct message from the bot.
 */
import { createHash } from 'node:crypto';
import type { NotificationRepository } from '../notifications/notification-repository.ts';
import type { EmailSender } from './email-transport.ts';
import { ChannelError, type ChannelName } from './errors.ts';
import { ratingFooter, withFooter, type RatingLinkPort, type ReportRating } from './rating-footer.ts';
import type { SlackClient } from './slack-client.ts';

export interface ReportMessage {
  /** The dashboard notification's type, e.g. `briefing`, `briefing_urgent`. */
  type: string;
  /** Dashboard title and email subject. */
  title: string;
  /** A few lines for the dashboard notification. */
  summary: string;
  /** The whole report, plain text (the email's text part). */
  text: string;
  html: string;
  slack: { text: string; blocks: unknown[] };
  /** A report its readers can rate: the email gets a rating footer for its recipient (see rating-footer.ts). */
  rating?: ReportRating;
}

export interface ReportRecipient {
  id: string;
  email?: string | undefined;
  slackUserId?: string | undefined;
}

export interface ReportDelivery {
  channel: ChannelName;
  messageId: string | null;
}

export interface ReportChannels {
  /** Which channels besides the dashboard this process can use. */
  available(): { email: boolean; slack: boolean };
  deliver(
    channel: ChannelName,
    to: ReportRecipient,
    message: ReportMessage,
    context: { key: string; runId: string; now: number },
  ): Promise<ReportDelivery>;
}

export interface ReportChannelDeps {
  notifications: Pick<NotificationRepository, 'create'>;
  email: { sender: EmailSender; publicBaseUrl: string } | null;
  slack: { client: SlackClient } | null;
  /** Signed per-recipient rating links for the email; null: the email points to the dashboard's form. */
  ratingLinks?: RatingLinkPort | null;
}

function digest(key: string, length: number): string {
  return createHash('sha256').update(key).digest('hex').slice(0, length);
}

export function reportChannels(deps: ReportChannelDeps): ReportChannels {
  return {
    available: () => ({ email: deps.email !== null, slack: deps.slack !== null }),
    async deliver(channel, to, message, { key, runId, now }) {
      if (channel === 'dashboard') {
        const { notification } = await deps.notifications.create({
          id: `ntf_${digest(key, 24)}`,
          personId: to.id,
          type: message.type,
          title: message.title,
          body: message.summary,
          approvalId: null,
          runId,
          deadline: null,
          createdAt: now,
          readAt: null,
        });
        return { channel, messageId: notification.id };
      }
      if (channel === 'email') {
        if (deps.email === null)
          throw new ChannelError('CHANNEL_NOT_CONFIGURED', 'email', 'email is not configured in this process', {
            retryable: false,
          });
        if (to.email === undefined)
          throw new ChannelError('RECIPIENT_UNREACHABLE', 'email', `${to.id} has no email address`, {
            retryable: false,
          });
        const domain = new URL(deps.email.publicBaseUrl).hostname || 'psizero';
        const footer =
          message.rating === undefined ? null : ratingFooter(message.rating, to.id, deps.ratingLinks ?? null, now);
        const { text, html } = withFooter(message, footer);
        const sent = await deps.email.sender.send({
          to: to.email,
          subject: message.title,
          text,
          html,
          messageId: `<${digest(key, 32)}@${domain}>`,
        });
        return { channel, messageId: sent.messageId };
      }
      if (deps.slack === null)
        throw new ChannelError('CHANNEL_NOT_CONFIGURED', 'slack', 'Slack is not configured in this process', {
          retryable: false,
        });
      if (to.slackUserId === undefined)
        throw new ChannelError('RECIPIENT_UNREACHABLE', 'slack', `${to.id} has no Slack user id`, {
          retryable: false,
        });
      const posted = await deps.slack.client.postMessage({ channel: to.slackUserId, ...message.slack });
      return { channel, messageId: `${posted.channel}/${posted.ts}` };
    },
  };
}

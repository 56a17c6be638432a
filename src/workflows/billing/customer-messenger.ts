/**
 * How billing reaches a customer. The workflows see only `CustomerMessenger`; the app builds one
 * over the senders it configured (SMTP for email, an SMS provider when there is one). A message
 * that can never go out (no SMTP, no SMS provider, no address on file) comes back `not_sent` with
 * the reason, so the run records it instead of silently dropping it; a temporary failure throws, so
 * the step retries.
 */
import { escapeHtml, type EmailSender } from '../../channels/index.ts';
import type { SmsSender } from '../../connectors/index.ts';
import type { MessageChannel } from '../../domain/billing/index.ts';
import type { RenderedMessage } from './customer-message-templates.ts';

export type Delivery =
  | { status: 'sent'; detail: string }
  | { status: 'captured_locally'; detail: string }
  | { status: 'not_sent'; detail: string };

export interface OutgoingMessage {
  channel: MessageChannel;
  to: { email: string | null; phone: string | null };
  message: RenderedMessage;
  /** The sending step's key: an email's Message-ID, an SMS provider's idempotency key. */
  idempotencyKey: string;
}

export interface CustomerMessenger {
  deliver(outgoing: OutgoingMessage): Promise<Delivery>;
}

export interface MessengerSenders {
  email: EmailSender | null;
  sms: SmsSender | null;
}

/** A short SMS body: the subject says it all. */
export function smsText(message: RenderedMessage): string {
  return message.subject.length > 300 ? `${message.subject.slice(0, 297)}...` : message.subject;
}

export function emailHtml(message: RenderedMessage): string {
  const paragraphs = message.text.split('\n\n').map((p) => `<p>${escapeHtml(p).replaceAll('\n', '<br>')}</p>`);
  return `<!doctype html><html><body style="font-family:system-ui,sans-serif;line-height:1.5">${paragraphs.join('')}</body></html>`;
}

/** A resend after a crash carries the same Message-ID, so the customer's mail client can tell. */
export function messageIdFor(idempotencyKey: string): string {
  return `<${idempotencyKey.replace(/[^A-Za-z0-9.-]/g, '.')}@psizero.billing>`;
}

export class SenderMessenger implements CustomerMessenger {
  constructor(private readonly senders: MessengerSenders) {}

  async deliver({ channel, to, message, idempotencyKey }: OutgoingMessage): Promise<Delivery> {
    const { email, sms } = this.senders;
    if (channel === 'email') {
      if (email === null) return { status: 'not_sent', detail: 'no SMTP server configured' };
      if (to.email === null) return { status: 'not_sent', detail: 'the customer has no email address on file' };
      await email.send({
        to: to.email,
        subject: message.subject,
        text: message.text,
        html: emailHtml(message),
        messageId: messageIdFor(idempotencyKey),
      });
      return { status: 'sent', detail: to.email };
    }
    if (channel === 'sms') {
      if (sms === null) return { status: 'not_sent', detail: 'no SMS provider configured' };
      if (to.phone === null) return { status: 'not_sent', detail: 'the customer has no phone number on file' };
      const sent = await sms.send({ to: to.phone, text: smsText(message), idempotencyKey });
      return { status: 'sent', detail: sent.id };
    }
    return { status: 'not_sent', detail: 'customers are not reached on Slack' };
  }
}

/**
 * How billing reaches a customer. The workflows see only `CustomerMessenger`; the app builds one
 * over the senders it configured (SMTP for email, an SMS provider) and the local outbox.
 *
 * - A configured channel sends for real: `sent`, with the address or the provider's message id.
 * - A channel with nothing configured (the embedded default) captures the message, rendered as
 *   the customer would see it, in the local outbox (src/outbox): `captured_locally`. Nothing is
 *   silently marked as sent, and the dashboard's Outbox page shows what went where.
 * - `not_sent` only when the message can be neither sent nor captured: no address or number on
 *   file, a channel customers are not reached on, or a provider that refused it for good (an
 *   invalid number, refused credentials); the reason is kept with the case.
 * A temporary failure (server down, rate limited) throws, so the sending step retries.
 */
import { escapeHtml, type EmailSender } from '../../channels/index.ts';
import type { SmsSender } from '../../connectors/index.ts';
import type { MessageChannel } from '../../domain/billing/index.ts';
import { PsiZeroError, serializeError } from '../../lib/errors.ts';
import { silentLogger, type Logger } from '../../lib/logger.ts';
import type { CaptureInput } from '../../outbox/index.ts';
import type { RenderedMessage } from './customer-message-templates.ts';

export type Delivery =
  | { status: 'sent'; detail: string }
  | { status: 'captured_locally'; detail: string }
  | { status: 'not_sent'; detail: string };

export interface OutgoingMessage {
  channel: MessageChannel;
  customerId: string;
  to: { email: string | null; phone: string | null };
  message: RenderedMessage;
  /** Which message it is (`final_notice`, `invoice`, ...), shown in the outbox. */
  template: string;
  invoiceId: string | null;
  /** The run sending it, shown in the outbox. */
  runId: string;
  /** The sending step's key: an email's Message-ID, the outbox row's id. */
  idempotencyKey: string;
}

export interface CustomerMessenger {
  deliver(outgoing: OutgoingMessage): Promise<Delivery>;
}

/** Where messages go when their channel has no sender. */
export interface OutboxWriter {
  capture(input: CaptureInput): Promise<{ id: string }>;
}

export interface MessengerSenders {
  /** Null: emails are captured in the outbox. */
  email: EmailSender | null;
  /** Null: text messages are captured in the outbox. */
  sms: SmsSender | null;
  outbox: OutboxWriter;
}

/** The text message: the template's SMS text, else the subject; at most two SMS segments' worth. */
export function smsText(message: RenderedMessage): string {
  const text = message.sms ?? message.subject;
  return text.length > 300 ? `${text.slice(0, 297)}...` : text;
}

export function emailHtml(message: RenderedMessage): string {
  const paragraphs = message.text.split('\n\n').map((p) => `<p>${escapeHtml(p).replaceAll('\n', '<br>')}</p>`);
  return `<!doctype html><html><body style="font-family:system-ui,sans-serif;line-height:1.5">${paragraphs.join('')}</body></html>`;
}

/** A resend after a crash carries the same Message-ID, so the customer's mail client can tell. */
export function messageIdFor(idempotencyKey: string): string {
  return `<${idempotencyKey.replace(/[^A-Za-z0-9.-]/g, '.')}@psizero.billing>`;
}

const MISSING_ADDRESS = {
  email: 'the customer has no email address on file',
  sms: 'the customer has no phone number on file',
} as const;

const NOTHING_CONFIGURED = { email: 'no SMTP server configured', sms: 'no SMS provider configured' } as const;

export class SenderMessenger implements CustomerMessenger {
  constructor(
    private readonly senders: MessengerSenders,
    private readonly logger: Logger = silentLogger,
  ) {}

  async deliver(outgoing: OutgoingMessage): Promise<Delivery> {
    const { channel, to } = outgoing;
    if (channel === 'slack') return { status: 'not_sent', detail: 'customers are not reached on Slack' };
    const recipient = channel === 'email' ? to.email : to.phone;
    if (recipient === null) return { status: 'not_sent', detail: MISSING_ADDRESS[channel] };
    try {
      return await this.send(outgoing, channel, recipient);
    } catch (err) {
      const { code, message, retryable } = serializeError(err);
      // Code and message only: the senders' errors never carry credentials, and no message body is logged.
      this.logger.warn(
        { channel, customerId: outgoing.customerId, runId: outgoing.runId, code, message, retryable },
        'customer message not delivered',
      );
      // Refused for good (an invalid number, refused credentials): recorded with the case, not retried.
      if (err instanceof PsiZeroError && !retryable) return { status: 'not_sent', detail: `${code}: ${message}` };
      throw err;
    }
  }

  private async send(outgoing: OutgoingMessage, channel: 'email' | 'sms', recipient: string): Promise<Delivery> {
    const { message, idempotencyKey } = outgoing;
    const { email, sms } = this.senders;
    if (channel === 'email' && email !== null) {
      await email.send({
        to: recipient,
        subject: message.subject,
        text: message.text,
        html: emailHtml(message),
        messageId: messageIdFor(idempotencyKey),
      });
      return { status: 'sent', detail: recipient };
    }
    if (channel === 'sms' && sms !== null) {
      const sent = await sms.send({ to: recipient, text: smsText(message), idempotencyKey });
      return { status: 'sent', detail: `${recipient} (${sent.id})` };
    }
    const captured = await this.senders.outbox.capture({
      idempotencyKey,
      customerId: outgoing.customerId,
      channel,
      recipient,
      subject: channel === 'email' ? message.subject : null,
      text: channel === 'email' ? message.text : smsText(message),
      html: channel === 'email' ? emailHtml(message) : null,
      template: outgoing.template,
      invoiceId: outgoing.invoiceId,
      runId: outgoing.runId,
    });
    return {
      status: 'captured_locally',
      detail: `captured in the local outbox as ${captured.id} for ${recipient} (${NOTHING_CONFIGURED[channel]})`,
    };
  }
}

/**
 * What billing tells customers, and through which channel. Email goes over the configured SMTP
 * server; SMS goes through an `SmsSender` when one is configured. A message that cannot go out
 * (no SMTP, no SMS provider, no address on file) is returned as `not_sent` with the reason, so the
 * run records it instead of silently dropping it.
 */
import type { EmailSender } from '../../channels/index.ts';
import { escapeHtml } from '../../channels/index.ts';
import { formatUsd } from '../../policy/money.ts';

export interface SmsSender {
  send(message: { to: string; text: string; idempotencyKey: string }): Promise<{ id: string }>;
}

export interface MessageFacts {
  customerName: string;
  invoiceId: string;
  invoiceNumber: string | null;
  amountCents: number;
  /** Where the customer updates their card; `{customerId}` already substituted. */
  paymentMethodUrl: string;
  supportContact: string;
  /** Day of the grace period on which access is suspended. */
  suspensionDay: number;
  lines?: readonly { description: string; amountCents: number }[];
}

export interface RenderedMessage {
  subject: string;
  text: string;
}

const usd = (cents: number): string => formatUsd(cents / 100);

/** The seed's templates by name; any other template the policy names gets a plain message built from its action. */
export function renderCustomerMessage(template: string, action: string, f: MessageFacts): RenderedMessage {
  const ref = f.invoiceNumber ?? f.invoiceId;
  switch (template) {
    case 'invoice':
      return {
        subject: `Invoice ${ref}: ${usd(f.amountCents)}`,
        text: [
          `Hello ${f.customerName},`,
          '',
          `Your invoice ${ref} for ${usd(f.amountCents)}:`,
          ...(f.lines ?? []).map((l) => `  ${l.description}: ${usd(l.amountCents)}`),
          '',
          'We will charge your payment method on file today.',
        ].join('\n'),
      };
    case 'payment_failure_notification':
      return {
        subject: `Payment of ${usd(f.amountCents)} failed for invoice ${ref}`,
        text: [
          `Hello ${f.customerName},`,
          '',
          `We could not charge ${usd(f.amountCents)} for invoice ${ref}.`,
          `Please update your payment method: ${f.paymentMethodUrl}`,
          '',
          'We will try again automatically.',
        ].join('\n'),
      };
    case 'payment_retry_reminder':
      return {
        subject: `Reminder: invoice ${ref} is still unpaid`,
        text: [
          `Hello ${f.customerName},`,
          '',
          `Invoice ${ref} (${usd(f.amountCents)}) is still unpaid and your API access is now rate-limited or will be soon.`,
          `Update your payment method: ${f.paymentMethodUrl}`,
          `Questions? Contact us at ${f.supportContact}.`,
        ].join('\n'),
      };
    case 'final_notice':
      return {
        subject: `Final notice: API access suspended until invoice ${ref} is paid`,
        text: [
          `Hello ${f.customerName},`,
          '',
          `Invoice ${ref} (${usd(f.amountCents)}) is ${f.suspensionDay} days overdue. API access is suspended until it is paid.`,
          `Pay by updating your payment method: ${f.paymentMethodUrl}`,
          `Contact ${f.supportContact} if you need help.`,
        ].join('\n'),
      };
    case 'payment_received':
      return {
        subject: `Payment received for invoice ${ref}`,
        text: [
          `Hello ${f.customerName},`,
          '',
          `Thank you: ${usd(f.amountCents)} for invoice ${ref} was paid. Full API access is restored.`,
        ].join('\n'),
      };
    default:
      return {
        subject: `About invoice ${ref} (${usd(f.amountCents)})`,
        text: [
          `Hello ${f.customerName},`,
          '',
          `Invoice ${ref} for ${usd(f.amountCents)} is unpaid (${action.replaceAll('_', ' ')}).`,
          `Update your payment method: ${f.paymentMethodUrl}`,
          `Contact: ${f.supportContact}`,
        ].join('\n'),
      };
  }
}

/** A short SMS body: the subject says it all. */
export function smsText(message: RenderedMessage): string {
  return message.subject.length > 300 ? `${message.subject.slice(0, 297)}...` : message.subject;
}

export function emailHtml(message: RenderedMessage): string {
  const paragraphs = message.text.split('\n\n').map((p) => `<p>${escapeHtml(p).replaceAll('\n', '<br>')}</p>`);
  return `<!doctype html><html><body style="font-family:system-ui,sans-serif;line-height:1.5">${paragraphs.join('')}</body></html>`;
}

export type Delivery = { status: 'sent'; detail: string } | { status: 'not_sent'; detail: string };

export interface CustomerChannels {
  email: EmailSender | null;
  sms: SmsSender | null;
}

/** Sends one message on one channel. Throws on a temporary failure so the step retries; returns not_sent when it can never go out. */
export async function deliverCustomerMessage(
  channels: CustomerChannels,
  channel: 'email' | 'sms' | 'slack',
  to: { email: string | null; phone: string | null },
  message: RenderedMessage,
  idempotencyKey: string,
): Promise<Delivery> {
  if (channel === 'email') {
    if (channels.email === null) return { status: 'not_sent', detail: 'no SMTP server configured' };
    if (to.email === null) return { status: 'not_sent', detail: 'the customer has no email address on file' };
    const messageId = `<${idempotencyKey.replace(/[^A-Za-z0-9.-]/g, '.')}@psizero.billing>`;
    await channels.email.send({
      to: to.email,
      subject: message.subject,
      text: message.text,
      html: emailHtml(message),
      messageId,
    });
    return { status: 'sent', detail: to.email };
  }
  if (channel === 'sms') {
    if (channels.sms === null) return { status: 'not_sent', detail: 'no SMS provider configured' };
    if (to.phone === null) return { status: 'not_sent', detail: 'the customer has no phone number on file' };
    const sent = await channels.sms.send({ to: to.phone, text: smsText(message), idempotencyKey });
    return { status: 'sent', detail: sent.id };
  }
  return { status: 'not_sent', detail: 'customers are not reached on Slack' };
}

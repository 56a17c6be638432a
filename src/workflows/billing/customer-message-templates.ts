/**
 * What billing tells customers: the seed's templates, rendered from the facts of one invoice.
 * Pure; `customer-messenger.ts` sends the result.
 */
import { formatUsd } from '../../policy/money.ts';

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
  /** The text message, for templates the policy may send by SMS; without it the subject is sent. */
  sms?: string;
}

const usd = (cents: number): string => formatUsd(cents / 100);

/** The seed's templates by name; any other template the policy names gets a plain message built from its action. */
export function renderCustomerMessage(template: string, action: string, facts: MessageFacts): RenderedMessage {
  const ref = facts.invoiceNumber ?? facts.invoiceId;
  switch (template) {
    case 'invoice':
      return {
        subject: `Invoice ${ref}: ${usd(facts.amountCents)}`,
        text: [
          `Hello ${facts.customerName},`,
          '',
          `Your invoice ${ref} for ${usd(facts.amountCents)}:`,
          ...(facts.lines ?? []).map((l) => `  ${l.description}: ${usd(l.amountCents)}`),
          '',
          'We will charge your payment method on file today.',
        ].join('\n'),
      };
    case 'payment_failure_notification':
      return {
        subject: `Payment of ${usd(facts.amountCents)} failed for invoice ${ref}`,
        text: [
          `Hello ${facts.customerName},`,
          '',
          `We could not charge ${usd(facts.amountCents)} for invoice ${ref}.`,
          `Please update your payment method: ${facts.paymentMethodUrl}`,
          '',
          'We will try again automatically.',
        ].join('\n'),
        sms: `We could not charge ${usd(facts.amountCents)} for invoice ${ref}. Please update your payment method: ${facts.paymentMethodUrl}`,
      };
    case 'payment_retry_reminder':
      return {
        subject: `Reminder: invoice ${ref} is still unpaid`,
        text: [
          `Hello ${facts.customerName},`,
          '',
          `Invoice ${ref} (${usd(facts.amountCents)}) is still unpaid and your API access is now rate-limited or will be soon.`,
          `Update your payment method: ${facts.paymentMethodUrl}`,
          `Questions? Contact us at ${facts.supportContact}.`,
        ].join('\n'),
        sms: `Reminder: invoice ${ref} (${usd(facts.amountCents)}) is still unpaid. Update your payment method: ${facts.paymentMethodUrl}`,
      };
    case 'final_notice':
      return {
        subject: `Final notice: API access suspended until invoice ${ref} is paid`,
        text: [
          `Hello ${facts.customerName},`,
          '',
          `Invoice ${ref} (${usd(facts.amountCents)}) is ${facts.suspensionDay} days overdue. API access is suspended until it is paid.`,
          `Pay by updating your payment method: ${facts.paymentMethodUrl}`,
          `Contact ${facts.supportContact} if you need help.`,
        ].join('\n'),
        sms: `Final notice: invoice ${ref} (${usd(facts.amountCents)}) is ${facts.suspensionDay} days overdue and API access is suspended until it is paid. Update your payment method: ${facts.paymentMethodUrl}`,
      };
    case 'payment_received':
      return {
        subject: `Payment received for invoice ${ref}`,
        text: [
          `Hello ${facts.customerName},`,
          '',
          `Thank you: ${usd(facts.amountCents)} for invoice ${ref} was paid. Full API access is restored.`,
        ].join('\n'),
        sms: `Thank you: ${usd(facts.amountCents)} for invoice ${ref} was paid. Full API access is restored.`,
      };
    default:
      return {
        subject: `About invoice ${ref} (${usd(facts.amountCents)})`,
        text: [
          `Hello ${facts.customerName},`,
          '',
          `Invoice ${ref} for ${usd(facts.amountCents)} is unpaid (${action.replaceAll('_', ' ')}).`,
          `Update your payment method: ${facts.paymentMethodUrl}`,
          `Contact: ${facts.supportContact}`,
        ].join('\n'),
        sms: `Invoice ${ref} (${usd(facts.amountCents)}) is unpaid. Update your payment method: ${facts.paymentMethodUrl}`,
      };
  }
}

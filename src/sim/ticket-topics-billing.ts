/** What customers write billing tickets about: invoices, payment methods, usage, plan changes, refunds. */
import type { TICKET_TAXONOMY } from '../domain/model/index.ts';
import type { Topic } from './ticket-vocabulary.ts';

export const BILLING_TOPICS: Record<(typeof TICKET_TAXONOMY)['billing'][number], readonly Topic[]> = {
  invoice_questions: [
    {
      subject: 'Question about our {month} invoice',
      lines: [
        'Our {month} invoice came to {amount}, and we would like to understand its lines.',
        'Which period does the usage line on it cover?',
        'We are on the {plan} plan.',
      ],
    },
    {
      subject: 'Invoice total higher than expected',
      lines: [
        'Our {month} invoice is higher than the {amount} we expected on the {plan} plan.',
        'We cannot see what the difference is for.',
        'Could you break the total down for us?',
      ],
    },
    {
      subject: 'Need a copy of the {month} invoice with our VAT number',
      lines: [
        'Our accountant needs the {month} invoice with our VAT number on it.',
        'The copy we have shows only our company name.',
        'Can you reissue it with the number added?',
      ],
    },
    {
      subject: 'Line item on invoice not clear',
      lines: [
        'One line on our {month} invoice says only "adjustment".',
        'We do not know what it refers to.',
        'Could you tell us what it is for?',
      ],
    },
    {
      subject: 'Invoice sent to the wrong address',
      lines: [
        'Our {month} invoice went to a former colleague instead of our finance team.',
        'Please send invoices to our billing address from now on.',
        'Could you also resend the {month} invoice there?',
      ],
    },
  ],
  payment_method_updates: [
    {
      subject: 'Card declined, need to update payment method',
      lines: [
        'Our card was declined for the {month} invoice of {amount}.',
        'We have a new card and want to put it on file.',
        'Please charge the invoice again once it is updated.',
      ],
    },
    {
      subject: 'How do we switch to invoicing by bank transfer?',
      lines: [
        'We would rather pay by bank transfer than by card.',
        'Our finance team pays invoices of {amount} a month that way for other vendors.',
        'What do we need to send you to switch?',
      ],
    },
    {
      subject: 'Update the card on file',
      lines: [
        'The card on file for our account expires this month.',
        'We want to replace it with the card ending in {last4}.',
        'The next charge should go to the new card.',
      ],
    },
    {
      subject: 'Payment failed but the card is valid',
      lines: [
        'You told us the payment for our {month} invoice failed.',
        'Our card ending in {last4} is valid and has funds; our bank sees no declined charge.',
        'Could you try the charge of {amount} again?',
      ],
    },
    {
      subject: 'Our company card was replaced',
      lines: [
        'Our bank replaced our company card after a fraud alert.',
        'The new one ends in {last4}; please use it for our {amount} a month.',
        'The old card will decline from now on.',
      ],
    },
  ],
  usage_calculations: [
    {
      subject: 'Usage numbers do not match our logs',
      lines: [
        'The usage on our {month} invoice is higher than what our logs count.',
        'Our logs show {count} fewer calls than you billed.',
        'Do failed calls count as usage?',
      ],
    },
    {
      subject: 'How is overage calculated?',
      lines: [
        'We want to understand how overage is calculated on the {plan} plan.',
        'Is it billed per call above the included amount, or in blocks?',
        'Our {month} invoice has an overage line we want to predict next time.',
      ],
    },
    {
      subject: 'Unexpected overage on our {month} invoice',
      lines: [
        'Our {month} invoice has an overage line we did not expect.',
        'We thought the {plan} plan included all our calls.',
        'Can you show us the days the extra calls came from?',
      ],
    },
    {
      subject: 'API call count seems doubled',
      lines: [
        'The usage dashboard shows about twice the API calls we make.',
        'Are retries counted as separate calls?',
        'That would double our overage on the {plan} plan.',
      ],
    },
    {
      subject: 'Usage dashboard vs invoice mismatch',
      lines: [
        'The usage dashboard and our {month} invoice show different call counts.',
        'The invoice counts {count} more calls.',
        'Which of the two is right?',
      ],
    },
  ],
  plan_changes: [
    {
      subject: 'Upgrade from {plan} to the next tier',
      lines: [
        'We want to move from the {plan} plan to the next tier.',
        'Our usage has grown past what the {plan} plan includes.',
        'Does the change take effect at once, and how is the month prorated?',
      ],
    },
    {
      subject: 'Downgrade request',
      lines: [
        'We would like to downgrade from the {plan} plan.',
        'We use far less than it includes these days.',
        'Please make the change from the next billing date.',
      ],
    },
    {
      subject: 'Switch to annual billing',
      lines: [
        'We want to pay for the {plan} plan yearly instead of monthly.',
        'Is there a discount for paying a year in advance?',
        'Our next renewal is in {month}.',
      ],
    },
    {
      subject: 'Add seats to our plan',
      lines: [
        'We need more seats on the {plan} plan for new team members.',
        'Can seats be added without changing plans?',
        'About ten more people will need access.',
      ],
    },
    {
      subject: 'Pause our subscription for two months',
      lines: [
        'Our project is on hold and we would like to pause the {plan} plan for two months.',
        'We want to keep our data and settings meanwhile.',
        'Is a pause possible, or do we have to cancel?',
      ],
    },
  ],
  refund_requests: [
    {
      subject: 'Refund for duplicate charge',
      lines: [
        'We were charged {amount} twice for our {month} invoice.',
        'Our card ending in {last4} shows both charges.',
        'Please refund one of them.',
      ],
    },
    {
      subject: 'Requesting a refund for {month}',
      lines: [
        'We would like a refund of the {amount} charged for {month}.',
        'We could barely use the service that month.',
        'We are happy to stay on the {plan} plan.',
      ],
    },
    {
      subject: 'Charged after cancelling',
      lines: [
        'We cancelled before {month}, yet we were charged {amount} for it.',
        'We have the cancellation confirmation email.',
        'Please refund the charge.',
      ],
    },
    {
      subject: 'Refund the overage from the outage',
      lines: [
        'Please refund the overage on our {month} invoice: it comes from the outage on {weekday}.',
        'Our retries during the outage are what pushed us over the included calls.',
        'We think that part should be refunded.',
      ],
    },
    {
      subject: 'Partial refund request',
      lines: [
        'We would like a partial refund on our {month} invoice of {amount}.',
        'We moved to a smaller plan in the middle of the month.',
        'The difference should be credited to us.',
      ],
    },
  ],
};

/** The data pages' words: run subjects, billing steps, schedules, a case's state. */
import { describe, expect, it } from 'vitest';
import { accessWords, caseStateWords } from '../../../src/http/web/views/billing-words.ts';
import { isDemoWorkflow, subjectOf } from '../../../src/http/web/views/runs-subject.ts';
import { cronWords, slotOfKey, zonedTime } from '../../../src/http/web/views/schedules.ts';
import { describeWorkflowStep } from '../../../src/http/web/views/timeline-steps.ts';
import type { RecoveryCase } from '../../../src/domain/billing/index.ts';

const names = {
  customers: new Map([['cus_acme', 'Acme Corp']]),
  invoices: new Map([['in_42', { number: 'INV-0042', customerId: 'cus_acme', totalCents: 120_000 }]]),
};

describe('run subjects', () => {
  it('names a recovery by its customer, invoice and amount', () => {
    const run = {
      workflow: 'billing.recovery',
      input: { customerId: 'cus_acme', invoiceId: 'in_42', amountCents: 120_000, currency: 'usd' },
    };
    expect(subjectOf(run, names)).toMatchObject({
      what: 'Payment recovery',
      subject: 'Acme Corp · INV-0042 · $1,200',
      names: { customer: 'Acme Corp', invoice: 'INV-0042' },
    });
  });

  it('names a billing cycle by customer and day, and leaves unknown workflows by name', () => {
    expect(
      subjectOf({ workflow: 'billing.cycle', input: { customerId: 'cus_acme', day: '2026-03-01' } }, names).subject,
    ).toBe('Acme Corp · billing day Mar 1, 2026');
    expect(subjectOf({ workflow: 'test.refund', input: { amountUsd: 3 } }, names)).toMatchObject({
      what: 'test.refund',
      subject: null,
    });
    expect(isDemoWorkflow('demo.order')).toBe(true);
    expect(isDemoWorkflow('billing.daily')).toBe(false);
  });
});

describe('run subjects of the dispute and recovered-notice workflows', () => {
  it('names a dispute and a recovered case by their invoice, the customer found through it', () => {
    const dispute = {
      paymentId: 'py_1',
      invoiceId: 'in_42',
      customerId: 'cus_acme',
      amountCents: 120_000,
      currency: 'usd',
    };
    expect(subjectOf({ workflow: 'billing.dispute', input: dispute }, names)).toMatchObject({
      what: 'Disputed charge',
      subject: 'Acme Corp · INV-0042 · $1,200',
    });
    const recovered = { invoiceId: 'in_42', outcome: 'recovered', recoveredBy: 'card_update' };
    expect(subjectOf({ workflow: 'billing.case-recovered', input: recovered }, names).subject).toBe(
      'Acme Corp · INV-0042',
    );
  });
});

describe('billing steps in words', () => {
  it('says what a retry did', () => {
    const declined = { paid: false, result: { status: 'declined', declineCode: 'insufficient_funds' } };
    expect(describeWorkflowStep('billing.recovery', 'charge:2', declined)?.title).toBe(
      'Retried the charge (attempt 2): declined, insufficient funds',
    );
    expect(
      describeWorkflowStep('billing.recovery', 'charge:3', { paid: true, result: { status: 'succeeded' } })?.title,
    ).toBe('Retried the charge (attempt 3): paid');
  });

  it('says which message went out, or why it did not', () => {
    expect(
      describeWorkflowStep('billing.recovery', 'message:day3:payment_reminder:email', { status: 'sent' })?.title,
    ).toBe('Emailed the customer: payment reminder (day 3)');
    const notSent = describeWorkflowStep('billing.recovery', 'message:day7:final_notice:sms', {
      status: 'not_sent',
      detail: 'no phone number',
    });
    expect(notSent).toMatchObject({
      title: 'Could not text the customer: final notice (day 7)',
      detail: 'no phone number',
    });
  });

  it('leaves unknown steps to the generic words', () => {
    expect(describeWorkflowStep('billing.recovery', 'something-new', {})).toBeNull();
    expect(describeWorkflowStep('test.refund', 'charge:1', {})).toBeNull();
  });
});

describe('schedules in words', () => {
  it('reads the common cron shapes', () => {
    expect(cronWords('0 6 * * *')).toBe('every day at 06:00');
    expect(cronWords('30 9 * * 1-5')).toBe('every weekday at 09:30');
    expect(cronWords('0 8 * * 1')).toBe('every Monday at 08:00');
    expect(cronWords('0 0 1 * *')).toBe('on day 1 of every month at 00:00');
    expect(cronWords('*/15 * * * *')).toBe('every 15 minutes');
    expect(cronWords('5 4 * 2 *')).toBe('on the cron schedule 5 4 * 2 *');
  });

  it("shows an instant in the schedule's zone and reads a firing's slot from its run key", () => {
    const slot = Date.UTC(2026, 2, 1, 6, 0);
    expect(zonedTime(slot, 'America/Los_Angeles')).toBe('Feb 28, 22:00 PST');
    expect(slotOfKey(`schedule:billing.daily:${new Date(slot).toISOString()}`, 'billing.daily')).toBe(slot);
    expect(slotOfKey('billing.cycle:x:2026-03-01', 'billing.daily')).toBeNull();
  });
});

describe('a case in words', () => {
  const base = { restrictedSince: Date.UTC(2026, 11, 4, 6), status: 'open' as const };
  it('never says "none" about access', () => {
    expect(String(accessWords({ ...base, restriction: 'none' }))).toContain('unrestricted');
    expect(String(accessWords({ ...base, restriction: 'rate_limited' }))).toMatch(
      /rate limited<\/span> <span class="nowrap">since <time[^>]*>Dec 4<\/time>/,
    );
    expect(String(accessWords({ ...base, restriction: 'suspended', status: 'recovered' }))).toContain('unrestricted');
  });

  it('says how a recovered case was paid', () => {
    const c = {
      status: 'recovered',
      recoveredAt: Date.UTC(2026, 2, 4),
      recoveredBy: 'card_update',
      recoveredAttempt: 2,
    } as unknown as RecoveryCase;
    expect(String(caseStateWords(c, 0, null))).toContain('by a new card from the customer, attempt 2');
  });
});

describe('the morning briefing in the runs pages', () => {
  it('names a briefing run by its morning, and its steps in words', () => {
    expect(
      subjectOf({ workflow: 'briefing.morning', input: { date: '2026-03-08', asOf: 1, since: 0 } }, names),
    ).toMatchObject({ what: 'Morning briefing', subject: 'the morning of Mar 8, 2026' });
    expect(describeWorkflowStep('briefing.morning', 'source:support_ticket_volume', { status: 'ok' })).toEqual({
      tone: 'ok',
      title: 'Collected support ticket volume',
    });
    expect(
      describeWorkflowStep('briefing.morning', 'source:api_performance_data', {
        status: 'unavailable',
        reason: 'no answer within 5 minutes',
      }),
    ).toEqual({ tone: 'bad', title: 'api performance data: unavailable', detail: 'no answer within 5 minutes' });
    expect(describeWorkflowStep('briefing.morning', 'urgent:system_downtime:email:olivia', {})).toEqual({
      tone: 'approval',
      title: 'Escalated system downtime to olivia (email)',
    });
    expect(describeWorkflowStep('briefing.morning', 'briefing:slack:sam', {})?.title).toBe(
      'Delivered the briefing to sam (slack)',
    );
  });
});

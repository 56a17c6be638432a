/**
 * The day-7 final notice goes out by email and by SMS, as the seed's communication sequence says
 * (`billing.recovery.communication`, day 7: email + sms), on every store: the SMS through Twilio's
 * Messages API (a local server speaking it, retried after a 503), the email captured in the local
 * outbox because no SMTP server is configured. A customer without a phone number gets the email
 * and an SMS recorded as not sent. The auth token never reaches the log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/lib/clock.ts';
import { createApiBed, type ApiBed } from '../../helpers/api-bed.ts';
import { BILLED_AT, DAY, HOUR, invoiceOf } from '../../helpers/billing-scenario.ts';
import { memoryLogger } from '../../helpers/channel-bed.ts';
import { databaseFactories } from '../../helpers/databases.ts';
import { customerInput } from '../../helpers/domain-fixtures.ts';
import { TWILIO_FROM, TWILIO_SID, TWILIO_TOKEN, startFakeTwilio, type FakeTwilio } from '../../helpers/fake-twilio.ts';

/** No escalation criterion fires on the way to day 7: this test is about the messages, not about people. */
const NO_ESCALATION = {
  billing: {
    recovery: {
      manualEscalation: {
        hardDecline: false,
        disputed: false,
        amountOverUsd: null,
        enterpriseCustomer: false,
        consecutiveFailures: null,
      },
    },
  },
};

const STOLEN = 'pm_card_chargeDeclinedStolenCard';

describe.each(databaseFactories())('the day-7 final notice on $name', (factory) => {
  let bed: ApiBed;
  let twilio: FakeTwilio;
  const logs: string[] = [];

  beforeAll(async () => {
    twilio = await startFakeTwilio();
    bed = await createApiBed(factory, {
      clock: new ManualClock(BILLED_AT - HOUR),
      policy: NO_ESCALATION,
      config: {
        sms: { provider: 'twilio', accountSid: TWILIO_SID, fromNumber: TWILIO_FROM, apiBase: twilio.url },
        billing: {
          supportContact: 'help@psizero.test',
          paymentMethodUrl: 'https://pay.psizero.test/card/{customerId}',
        },
      },
      env: { PSIZERO_TWILIO_AUTH_TOKEN: TWILIO_TOKEN },
      logger: memoryLogger(logs),
    });
    const customer = { plan: 'pro', monthlyPriceCents: 9_900, signupDate: '2025-11-01' };
    await bed.app.domain.ingest.ingest('customers', [
      customerInput({
        ...customer,
        id: 'phone01',
        name: 'Phone One',
        email: 'one@customers.test',
        phone: '+1 415 555 0142',
      }),
      customerInput({ ...customer, id: 'nophone01', name: 'No Phone', email: 'none@customers.test' }),
    ]);
    await bed.app.billing.commands.setPaymentMethods([
      { customerId: 'phone01', paymentMethod: STOLEN },
      { customerId: 'nophone01', paymentMethod: STOLEN },
    ]);
    // Twilio is briefly down when the final notice goes out: the step retries.
    twilio.failNext.push({ status: 503, code: 20503, message: 'Service Unavailable' });
    await bed.app.engine.runUntil(BILLED_AT + 7 * DAY + HOUR);
  }, 120_000);

  afterAll(async () => {
    await bed?.close();
    await twilio?.close();
  });

  const day7 = async (customerId: string) =>
    (await bed.app.billing.records.messages(invoiceOf(customerId))).filter((m) => m.day === 7);

  it('sends the SMS through Twilio and keeps the email in the outbox, on the day access is suspended', async () => {
    expect((await bed.app.billing.entitlement('phone01'))?.access).toBe('suspended');
    const [sms] = twilio.messages;
    expect(twilio.messages).toEqual([
      {
        sid: expect.stringMatching(/^SM/) as string,
        to: '+14155550142',
        from: TWILIO_FROM,
        body: expect.stringMatching(
          /^Final notice: invoice \S+ \(\$99\) is 7 days overdue and API access is suspended until it is paid\. Update your payment method: https:\/\/pay\.psizero\.test\/card\/phone01$/,
        ) as string,
      },
    ]);
    // One 503, then the retried step went through.
    expect(twilio.requests.map((r) => r.path)).toEqual(
      Array(2).fill(`/2010-04-01/Accounts/${TWILIO_SID}/Messages.json`),
    );
    const messages = await day7('phone01');
    expect(messages.map((m) => [m.channel, m.template, m.status])).toEqual([
      ['email', 'final_notice', 'captured_locally'],
      ['sms', 'final_notice', 'sent'],
    ]);
    expect(messages[1]!.detail).toBe(`+14155550142 (${sms!.sid})`);
    const captured = await bed.app.repositories.customerOutbox.list({ customerId: 'phone01' });
    expect(captured.map((m) => [m.channel, m.template])).toEqual([
      ['email', 'final_notice'],
      ['email', 'payment_retry_reminder'],
      ['email', 'payment_failure_notification'],
      ['email', 'invoice'],
    ]);
    expect(captured[0]!.subject).toMatch(/^Final notice: API access suspended until invoice \S+ is paid$/);
    expect((await bed.app.billing.records.getCase(invoiceOf('phone01')))?.lastMessage).toBe('final_notice');
  });

  it('records the SMS as not sent for a customer with no phone number on file, and still emails them', async () => {
    const messages = await day7('nophone01');
    expect(messages.map((m) => [m.channel, m.status, m.detail])).toEqual([
      ['email', 'captured_locally', expect.stringContaining('for none@customers.test (no SMTP server configured)')],
      ['sms', 'not_sent', 'the customer has no phone number on file'],
    ]);
  });

  it('logs the failed attempt by its code, never with the auth token', () => {
    const text = logs.join('');
    expect(text).toContain('SMS_UNAVAILABLE');
    expect(text).not.toContain(TWILIO_TOKEN);
    expect(text).not.toContain(Buffer.from(`${TWILIO_SID}:${TWILIO_TOKEN}`).toString('base64'));
  });
});

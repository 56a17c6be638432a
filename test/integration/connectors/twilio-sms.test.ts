/**
 * The Twilio adapter against a local server speaking Twilio's Messages API (test/helpers/fake-twilio.ts):
 * the request on the wire, what a success returns, which failures are retried, and that the auth
 * token appears in no error, result or log line.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SmsError } from '../../../src/connectors/sms-sender.ts';
import { TwilioSmsSender } from '../../../src/connectors/twilio-sms.ts';
import { serializeError } from '../../../src/lib/errors.ts';
import { SenderMessenger, type OutgoingMessage } from '../../../src/workflows/billing/index.ts';
import { memoryLogger } from '../../helpers/channel-bed.ts';
import { TWILIO_FROM, TWILIO_SID, TWILIO_TOKEN, startFakeTwilio, type FakeTwilio } from '../../helpers/fake-twilio.ts';
import { freePort } from '../../helpers/smtp-server.ts';

const BASIC = Buffer.from(`${TWILIO_SID}:${TWILIO_TOKEN}`).toString('base64');

describe("TwilioSmsSender against a server speaking Twilio's wire format", () => {
  let fake: FakeTwilio;
  let sender: TwilioSmsSender;
  beforeAll(async () => {
    fake = await startFakeTwilio();
    sender = new TwilioSmsSender({
      accountSid: TWILIO_SID,
      authToken: TWILIO_TOKEN,
      fromNumber: TWILIO_FROM,
      apiBase: `${fake.url}/`,
    });
  });
  afterAll(() => fake.close());
  beforeEach(() => {
    fake.messages.length = 0;
    fake.requests.length = 0;
    fake.failNext.length = 0;
  });

  const message = { to: '+14155550123', text: 'Final notice: invoice INV-7 is 7 days overdue.', idempotencyKey: 'k' };

  /** The error a send ends with, checked to carry no credential anywhere. */
  async function failure(send: Promise<unknown>): Promise<SmsError> {
    const err = await send.then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(SmsError);
    const text = JSON.stringify(serializeError(err));
    expect(text).not.toContain(TWILIO_TOKEN);
    expect(text).not.toContain(BASIC);
    return err as SmsError;
  }

  it('posts To, From and Body form-encoded to the account’s Messages.json with basic auth, and returns the sid', async () => {
    const sent = await sender.send(message);
    expect(sent.id).toMatch(/^SM[0-9]{32}$/);
    expect(fake.messages).toEqual([{ sid: sent.id, to: '+14155550123', from: TWILIO_FROM, body: message.text }]);
    expect(fake.requests).toEqual([
      {
        method: 'POST',
        path: `/2010-04-01/Accounts/${TWILIO_SID}/Messages.json`,
        authorization: `Basic ${BASIC}`,
        contentType: 'application/x-www-form-urlencoded',
      },
    ]);
    expect(sender.description).toBe(`Twilio (from ${TWILIO_FROM})`);
  });

  it('takes a 4xx as permanent: an invalid number is SMS_REJECTED with Twilio’s code, not retried', async () => {
    const err = await failure(sender.send({ ...message, to: '555-0123' }));
    expect(err).toMatchObject({ code: 'SMS_REJECTED', kind: 'invalid', retryable: false });
    expect(err.message).toContain("The 'To' number 555-0123 is not a valid phone number. (Twilio error 21211)");
    expect(err.details).toEqual({
      status: 400,
      twilioCode: 21211,
      moreInfo: 'https://www.twilio.com/docs/errors/21211',
    });
    expect(fake.messages).toEqual([]);
  });

  it('takes refused credentials as SMS_AUTH_FAILED, not retried, without the token', async () => {
    const wrong = new TwilioSmsSender({
      accountSid: TWILIO_SID,
      authToken: 'not-the-token',
      fromNumber: TWILIO_FROM,
      apiBase: fake.url,
    });
    const err = await failure(wrong.send(message));
    expect(err).toMatchObject({ code: 'SMS_AUTH_FAILED', retryable: false });
    expect(err.message).toContain('Authenticate (Twilio error 20003)');
    expect(err.message).not.toContain('not-the-token');
  });

  it('takes 429 as SMS_RATE_LIMITED and 5xx as SMS_UNAVAILABLE, both retryable', async () => {
    fake.failNext.push(
      { status: 429, code: 20429, message: 'Too Many Requests', retryAfter: '3' },
      { status: 503, code: 20503, message: 'Service Unavailable' },
      { status: 500 },
    );
    const limited = await failure(sender.send(message));
    expect(limited).toMatchObject({ code: 'SMS_RATE_LIMITED', kind: 'rate_limited', retryable: true });
    expect(limited.details).toMatchObject({ status: 429, twilioCode: 20429, retryAfterMs: 3_000 });
    expect(await failure(sender.send(message))).toMatchObject({ code: 'SMS_UNAVAILABLE', retryable: true });
    expect(await failure(sender.send(message))).toMatchObject({ code: 'SMS_UNAVAILABLE', retryable: true });
    expect(fake.messages).toEqual([]);
    // The next attempt goes through.
    expect((await sender.send(message)).id).toMatch(/^SM/);
  });

  it('takes no answer at all as SMS_UNAVAILABLE, retryable', async () => {
    const down = new TwilioSmsSender({
      accountSid: TWILIO_SID,
      authToken: TWILIO_TOKEN,
      fromNumber: TWILIO_FROM,
      apiBase: `http://127.0.0.1:${await freePort()}`,
    });
    expect(await failure(down.send(message))).toMatchObject({ code: 'SMS_UNAVAILABLE', retryable: true });
  });

  it('never writes the auth token to the log: failed attempts are logged by code, refusals recorded as not sent', async () => {
    const lines: string[] = [];
    const logger = memoryLogger(lines);
    const messenger = new SenderMessenger(
      { email: null, sms: sender, outbox: { capture: () => Promise.reject(new Error('nothing is captured here')) } },
      logger,
    );
    const outgoing = (to: string): OutgoingMessage => ({
      channel: 'sms',
      customerId: 'cus_1',
      to: { email: null, phone: to },
      message: { subject: 'Final notice', text: 'Final notice, in full.', sms: message.text },
      template: 'final_notice',
      invoiceId: 'in_1',
      runId: 'run_1',
      idempotencyKey: 'run_1:message:day7:final_notice:sms',
    });
    fake.failNext.push({ status: 503 });
    await expect(messenger.deliver(outgoing('+14155550123'))).rejects.toMatchObject({ code: 'SMS_UNAVAILABLE' });
    await expect(messenger.deliver(outgoing('+14155550123'))).resolves.toEqual({
      status: 'sent',
      detail: expect.stringMatching(/^\+14155550123 \(SM[0-9]{32}\)$/) as string,
    });
    const refused = await messenger.deliver(outgoing('12345'));
    expect(refused.status).toBe('not_sent');
    expect(refused.detail).toMatch(/^SMS_REJECTED: Twilio refused the message: The 'To' number 12345/);
    logger.info({ sms: { accountSid: TWILIO_SID, authToken: TWILIO_TOKEN } }, 'configured');

    const logs = lines.join('');
    expect(logs).toContain('SMS_UNAVAILABLE');
    expect(logs).toContain('SMS_REJECTED');
    expect(logs).not.toContain(TWILIO_TOKEN);
    expect(logs).not.toContain(BASIC);
    expect(logs).not.toContain(message.text);
  });
});

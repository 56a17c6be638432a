/**
 * The local outbox on both stores, written through the customer messenger as a billing step does:
 * with nothing configured, an email or a text message is captured (`captured_locally`) and listed
 * as the customer would have received it, once per step however often the step runs; with SMTP
 * configured it is sent for real and nothing is captured; `not_sent` only when there is nowhere
 * to send it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SmtpEmailSender } from '../../src/channels/index.ts';
import type { Database } from '../../src/db/index.ts';
import { openDomain } from '../../src/domain/index.ts';
import { ManualClock } from '../../src/lib/clock.ts';
import { CustomerOutbox, outboxIdFor } from '../../src/outbox/index.ts';
import { SenderMessenger, type OutgoingMessage } from '../../src/workflows/billing/index.ts';
import { databaseFactories } from '../helpers/databases.ts';
import { customerInput } from '../helpers/domain-fixtures.ts';
import { RecordingSink } from '../helpers/recording-sink.ts';
import { startSmtpServer } from '../helpers/smtp-server.ts';

const T = Date.UTC(2026, 2, 8, 6);

function finalNotice(overrides: Partial<OutgoingMessage> = {}): OutgoingMessage {
  return {
    channel: 'email',
    customerId: 'cus_acme',
    to: { email: 'ops@acme.example', phone: '+14155550123' },
    message: {
      subject: 'Final notice: API access suspended until invoice INV-7 is paid',
      text: 'Hello Acme Labs,\n\nInvoice INV-7 is <7> days overdue & unpaid.',
      sms: 'Final notice: invoice INV-7 ($99.00) is 7 days overdue.',
    },
    template: 'final_notice',
    invoiceId: 'in_acme_7',
    runId: 'run_1',
    idempotencyKey: 'run_1:message:day7:final_notice:email',
    ...overrides,
  };
}

describe.each(databaseFactories())('the customer outbox on $name', (factory) => {
  let database: Database;
  let clock: ManualClock;
  let outbox: CustomerOutbox;
  beforeEach(async () => {
    database = await factory.create();
    clock = new ManualClock(T);
    outbox = new CustomerOutbox(database.db, () => clock.now());
    const domain = await openDomain({ db: database.db, events: new RecordingSink(), now: () => T });
    await domain.ingest.ingest('customers', [
      customerInput({ id: 'cus_acme', csmId: 'sam', phone: '+1 (415) 555-0123' }),
      customerInput({ id: 'cus_zen', name: 'Zen Co', email: 'zen@zen.example', csmId: 'tara' }),
    ]);
  });
  afterEach(async () => {
    await database.close();
  });

  it('captures an email and a text message with no sender configured, each once however often the step runs', async () => {
    const messenger = new SenderMessenger({ email: null, sms: null, outbox });
    const email = await messenger.deliver(finalNotice());
    const emailId = outboxIdFor('run_1:message:day7:final_notice:email');
    expect(email).toEqual({
      status: 'captured_locally',
      detail: `captured in the local outbox as ${emailId} for ops@acme.example (no SMTP server configured)`,
    });
    clock.advance(60_000);
    // The step again (a retry after a crash): the same row, not a second one.
    expect(await messenger.deliver(finalNotice())).toEqual(email);
    const sms = await messenger.deliver(
      finalNotice({ channel: 'sms', idempotencyKey: 'run_1:message:day7:final_notice:sms' }),
    );
    expect(sms.status).toBe('captured_locally');
    expect(sms.detail).toContain('for +14155550123 (no SMS provider configured)');

    const listed = await outbox.list();
    expect(listed.map((m) => [m.channel, m.capturedAt])).toEqual([
      ['sms', T + 60_000],
      ['email', T],
    ]);
    expect(listed[1]).toEqual({
      id: emailId,
      idempotencyKey: 'run_1:message:day7:final_notice:email',
      customerId: 'cus_acme',
      customerName: 'Acme Labs',
      channel: 'email',
      recipient: 'ops@acme.example',
      subject: 'Final notice: API access suspended until invoice INV-7 is paid',
      text: 'Hello Acme Labs,\n\nInvoice INV-7 is <7> days overdue & unpaid.',
      html: expect.stringContaining('<p>Invoice INV-7 is &lt;7&gt; days overdue &amp; unpaid.</p>') as string,
      template: 'final_notice',
      invoiceId: 'in_acme_7',
      runId: 'run_1',
      capturedAt: T,
    });
    expect(listed[0]).toMatchObject({
      subject: null,
      html: null,
      recipient: '+14155550123',
      text: 'Final notice: invoice INV-7 ($99.00) is 7 days overdue.',
    });
    expect(await outbox.get(emailId)).toEqual(listed[1]);
    expect(await outbox.get('obx_missing')).toBeNull();
  });

  it('lists by customer, by channel and by success manager, newest first, at most the limit', async () => {
    for (const [i, customerId, channel] of [
      [1, 'cus_acme', 'email'],
      [2, 'cus_zen', 'email'],
      [3, 'cus_acme', 'sms'],
      [4, 'cus_zen', 'sms'],
    ] as const) {
      clock.advance(1_000);
      await outbox.capture({
        idempotencyKey: `run_${i}:message`,
        customerId,
        channel,
        recipient: channel === 'email' ? `${customerId}@example.com` : '+14155550123',
        subject: channel === 'email' ? `Message ${i}` : null,
        text: `Message ${i}`,
        html: null,
        template: 'payment_failure_notification',
        invoiceId: null,
        runId: `run_${i}`,
      });
    }
    const texts = (filter: Parameters<CustomerOutbox['list']>[0]) =>
      outbox.list(filter).then((list) => list.map((m) => m.text));
    expect(await texts({})).toEqual(['Message 4', 'Message 3', 'Message 2', 'Message 1']);
    expect(await texts({ customerId: 'cus_acme' })).toEqual(['Message 3', 'Message 1']);
    expect(await texts({ channel: 'sms' })).toEqual(['Message 4', 'Message 3']);
    expect(await texts({ csmId: 'tara' })).toEqual(['Message 4', 'Message 2']);
    expect(await texts({ customerId: 'cus_acme', channel: 'email' })).toEqual(['Message 1']);
    expect(await texts({ limit: 1 })).toEqual(['Message 4']);
  });

  it('sends for real when SMTP is configured, and captures nothing', async () => {
    const smtp = await startSmtpServer();
    const sender = new SmtpEmailSender({
      host: '127.0.0.1',
      port: smtp.port,
      secure: false,
      requireTls: false,
      rejectUnauthorized: true,
      from: 'Billing <billing@psizero.test>',
    });
    try {
      const messenger = new SenderMessenger({ email: sender, sms: null, outbox });
      expect(await messenger.deliver(finalNotice())).toEqual({ status: 'sent', detail: 'ops@acme.example' });
      const [mail] = await smtp.waitForMessages(1);
      expect(mail!.subject).toBe('Final notice: API access suspended until invoice INV-7 is paid');
      expect(await outbox.list()).toEqual([]);
    } finally {
      sender.close();
      await smtp.close();
    }
  });

  it('records not_sent only where there is nowhere to send it', async () => {
    const messenger = new SenderMessenger({ email: null, sms: null, outbox });
    expect(await messenger.deliver(finalNotice({ to: { email: null, phone: null } }))).toEqual({
      status: 'not_sent',
      detail: 'the customer has no email address on file',
    });
    expect(await messenger.deliver(finalNotice({ channel: 'sms', to: { email: 'a@b.c', phone: null } }))).toEqual({
      status: 'not_sent',
      detail: 'the customer has no phone number on file',
    });
    expect(await messenger.deliver(finalNotice({ channel: 'slack' }))).toEqual({
      status: 'not_sent',
      detail: 'customers are not reached on Slack',
    });
    expect(await outbox.list()).toEqual([]);
  });
});

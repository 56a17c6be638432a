/**
 * The Outbox end to end, on every store: a real billing cycle with no SMTP configured captures the
 * invoice email (the step records `captured_locally`), and the dashboard and the API show it as the
 * customer would have received it, to the roles that see customers (a customer-success manager
 * only their own customers').
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/lib/clock.ts';
import { ONE_ROLE_EACH, createApiBed, type ApiBed, type Creds } from '../../helpers/api-bed.ts';
import { BILLED_AT, HOUR } from '../../helpers/billing-scenario.ts';
import { databaseFactories } from '../../helpers/databases.ts';
import { customerInput } from '../../helpers/domain-fixtures.ts';

describe.each(databaseFactories())('the outbox on $name', (factory) => {
  let bed: ApiBed;
  let fiona: Creds;
  beforeAll(async () => {
    bed = await createApiBed(factory, { policy: ONE_ROLE_EACH, clock: new ManualClock(BILLED_AT - HOUR) });
    await bed.app.domain.ingest.ingest('customers', [
      customerInput({
        id: 'cus_acme',
        name: 'Acme <Labs>',
        email: 'ops@acme.example',
        phone: '+14155550123',
        csmId: 'sam',
        plan: 'pro',
        monthlyPriceCents: 9_900,
        signupDate: '2025-11-01',
      }),
    ]);
    await bed.app.billing.commands.setPaymentMethods([{ customerId: 'cus_acme', paymentMethod: 'pm_card_visa' }]);
    await bed.app.engine.runUntil(BILLED_AT + HOUR);
    fiona = await bed.signIn('fiona');
  }, 60_000);
  afterAll(async () => {
    await bed?.close();
  });

  it('captures the invoice email of a billing cycle and records captured_locally on its step', async () => {
    const [cycle] = await bed.app.engine.listRuns({ workflow: 'billing.cycle' });
    expect(cycle?.status).toBe('completed');
    const { history } = await bed.app.engine.inspect(cycle!.id);
    const step = history.find((h) => h.type === 'step_completed' && h.data.name === 'email-invoice');
    expect(step?.data.result).toEqual({
      status: 'captured_locally',
      detail: expect.stringMatching(
        /^captured in the local outbox as obx_[0-9a-f]{24} for ops@acme\.example \(no SMTP server configured\)$/,
      ) as string,
    });
    const [message] = await bed.app.repositories.customerOutbox.list();
    expect(message).toMatchObject({
      customerId: 'cus_acme',
      channel: 'email',
      recipient: 'ops@acme.example',
      template: 'invoice',
      invoiceId: 'in_cus_acme_20260301',
      runId: cycle!.id,
      capturedAt: BILLED_AT,
    });
    expect(message!.subject).toMatch(/^Invoice .*: \$99$/);
  });

  it('lists it on the Outbox page, newest first, with the nav entry', async () => {
    const res = await bed.call('GET', '/outbox', { as: fiona });
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain('<a href="/outbox" class="active" aria-current="page">Outbox</a>');
    expect(page).toContain('Acme &lt;Labs&gt;');
    expect(page).not.toContain('Acme <Labs>');
    expect(page).toMatch(/<a href="\/outbox\/obx_[0-9a-f]{24}">Invoice .*: \$99<\/a>/);
    const filtered = await bed.call('GET', '/outbox?channel=sms', { as: fiona });
    expect(await filtered.text()).toContain('Nothing in the outbox');
  });

  it('shows one message as the customer would see it: the HTML in a sandboxed frame, the text part, the run', async () => {
    const [message] = await bed.app.repositories.customerOutbox.list();
    const res = await bed.call('GET', `/outbox/${message!.id}`, { as: fiona });
    expect(res.status).toBe(200);
    const page = await res.text();
    const frame =
      /<iframe class="outbox-frame" sandbox="" referrerpolicy="no-referrer" title="([^"]+)" srcdoc="([^"]*)"><\/iframe>/.exec(
        page,
      );
    expect(frame?.[1]).toBe('The email as the customer sees it');
    // The frame's document is the email's HTML, escaped once more as an attribute value.
    expect(frame![2]).toContain('&lt;p&gt;Hello Acme &amp;lt;Labs&amp;gt;,&lt;/p&gt;');
    expect(page).not.toMatch(/<p>Hello Acme/);
    expect(page).toContain(`<h2 class="mb-s">${message!.subject!.replace('<', '&lt;')}</h2>`);
    expect(page).toContain('<summary>Plain-text part</summary><pre>Hello Acme &lt;Labs&gt;,');
    expect(page).toContain(`<a href="/runs/${message!.runId}">${message!.runId}</a>`);
    expect(page).toContain('<a href="/customers/cus_acme">Acme &lt;Labs&gt;</a>');
  });

  it('answers GET /api/outbox and /api/outbox/{id}', async () => {
    const viewer = await bed.key('viewer');
    const list = await bed.call('GET', '/api/outbox?customerId=cus_acme&channel=email', { as: viewer });
    expect(list.status).toBe(200);
    const { messages } = (await list.json()) as { messages: Record<string, unknown>[] };
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ customerName: 'Acme <Labs>', channel: 'email', template: 'invoice' });
    expect(messages[0]).not.toHaveProperty('idempotencyKey');
    const one = await bed.call('GET', `/api/outbox/${String(messages[0]!.id)}`, { as: viewer });
    expect(((await one.json()) as { message: unknown }).message).toEqual(messages[0]);
    const missing = await bed.call('GET', '/api/outbox/obx_missing', { as: viewer });
    expect(missing.status).toBe(404);
    const bad = await bed.call('GET', '/api/outbox?channel=fax', { as: viewer });
    expect(bad.status).toBe(400);
  });

  it("shows a customer-success manager their own customers' messages only; others are refused", async () => {
    const [message] = await bed.app.repositories.customerOutbox.list();
    const sam = await bed.signIn('sam');
    const tara = await bed.signIn('tara');
    const avery = await bed.signIn('avery');
    expect(await (await bed.call('GET', '/outbox', { as: sam })).text()).toContain(`/outbox/${message!.id}`);
    expect((await bed.call('GET', `/outbox/${message!.id}`, { as: sam })).status).toBe(200);
    expect(await (await bed.call('GET', '/outbox', { as: tara })).text()).toContain('Nothing in the outbox');
    expect((await bed.call('GET', `/outbox/${message!.id}`, { as: tara })).status).toBe(404);
    expect((await bed.call('GET', `/api/outbox/${message!.id}`, { as: tara })).status).toBe(404);
    expect((await bed.call('GET', '/api/outbox?customerId=cus_acme', { as: tara })).status).toBe(404);
    const refused = await bed.call('GET', '/outbox', { as: avery });
    expect(refused.status).toBe(403);
    const home = await (await bed.call('GET', '/notifications', { as: avery })).text();
    expect(home).not.toContain('href="/outbox"');
  });

  it("shows the customer's phone number in the API and on their page", async () => {
    const res = await bed.call('GET', '/api/customers/cus_acme', { as: fiona });
    expect(((await res.json()) as { customer: { phone: string } }).customer.phone).toBe('+14155550123');
    const page = await (await bed.call('GET', '/customers/cus_acme', { as: fiona })).text();
    expect(page).toContain('<div class="fact"><dt>Phone</dt><dd class="mono">+14155550123</dd></div>');
  });
});

/**
 * The data pages over a real billing day (the recovery scenario's customers), on SQLite and
 * PostgreSQL: the Billing page in names and dollars with links to customer, invoice, run and
 * approval; runs named for their subject with demo runs hidden; the Schedules page; customers
 * searched, sorted and filtered; a customer's and an invoice's page, within a manager's scope.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatUsd } from '../../../src/policy/index.ts';
import { ManualClock } from '../../../src/lib/clock.ts';
import { createApiBed, type ApiBed, type Creds } from '../../helpers/api-bed.ts';
import {
  BILLED_AT,
  HOUR,
  invoiceOf,
  recoveryApprovals,
  scenarioCustomers,
  seedScenario,
} from '../../helpers/billing-scenario.ts';
import { databaseFactories } from '../../helpers/databases.ts';

describe.each(databaseFactories())('data pages on $name', (factory) => {
  let bed: ApiBed;
  const as: Record<string, Creds> = {};

  beforeAll(async () => {
    bed = await createApiBed(factory, { clock: new ManualClock(BILLED_AT - HOUR) });
    await seedScenario(bed.app, scenarioCustomers());
    await bed.app.engine.runUntil(BILLED_AT + 2 * HOUR);
    await bed.app.engine.start('demo.heartbeat', { slot: 'test' });
    await bed.app.engine.drain();
    for (const person of ['fiona', 'carlos', 'bianca', 'sam']) as[person] = await bed.signIn(person);
  }, 120_000);
  afterAll(async () => {
    await bed?.close();
  });

  const page = async (path: string, who: string): Promise<{ status: number; html: string }> => {
    const res = await bed.call('GET', path, { as: as[who] });
    return { status: res.status, html: await res.text() };
  };

  it('shows money at risk in dollars, each case by customer name and invoice number, with its links', async () => {
    const open = await bed.app.billing.records.listCases({ status: 'open' });
    expect(open.length).toBeGreaterThan(0);
    const atRisk = open.reduce((sum, c) => sum + c.amountCents, 0);
    const { status, html } = await page('/billing', 'carlos');
    expect(status).toBe(200);
    expect(html).toMatch(
      new RegExp(
        `data-figure="at-risk"[^]*?<div class="tile-value">${formatUsd(atRisk / 100).replace('$', '\\$')}</div>`,
      ),
    );
    const hard = open.find((c) => c.customerId === 'hardd01')!;
    const invoice = (await bed.app.domain.queries.getInvoice(hard.invoiceId))!;
    const row = new RegExp(`<tr data-case="${hard.invoiceId}">([^]*?)</tr>`).exec(html)?.[1] ?? '';
    expect(row).toContain('<a href="/customers/hardd01">Customer hardd01</a>');
    expect(row).toContain(`<a href="/invoices/${hard.invoiceId}">${invoice.number!}</a>`);
    expect(row).toContain(`<a href="/runs/${hard.runId}">timeline</a>`);
    const [approval] = await recoveryApprovals(bed.app, 'hardd01');
    expect(row).toContain(`href="/approvals/${approval!.id}"`);
    expect(row).toContain('stolen card');
    expect(row).toContain('unrestricted');
    expect(html).not.toMatch(/class="badge[^"]*">none</);
    expect(html).toContain('<svg aria-label="Recovery funnel. First charge:');
  });

  it('gives the board the money without run links, and links approvals only for those who may open them', async () => {
    const board = await page('/billing', 'bianca');
    expect(board.status).toBe(200);
    expect(board.html).not.toContain('href="/runs/');
    const fiona = await page('/billing', 'fiona');
    const [approval] = await recoveryApprovals(bed.app, 'hardd01');
    const involved = approval!.rounds.some((r) => r.eligible.some((e) => e.people.includes('fiona')));
    expect(fiona.html.includes(`href="/approvals/${approval!.id}"`)).toBe(involved);
  });

  it('names runs for their subject, hides demo runs unless asked, and tells a recovery in words', async () => {
    const recovery = (await bed.app.billing.records.getCase(invoiceOf('hardd01')))!;
    const invoice = (await bed.app.domain.queries.getInvoice(recovery.invoiceId))!;
    const recoveries = await page('/runs?workflow=billing.recovery', 'fiona');
    expect(recoveries.html).toContain(
      `Customer hardd01 · ${invoice.number!} · ${formatUsd(recovery.amountCents / 100)}`,
    );
    // The heartbeat is the newest run: hidden by default, first when asked for.
    expect((await page('/runs', 'fiona')).html).not.toContain('demo.heartbeat v');
    expect((await page('/runs?demo=1', 'fiona')).html).toContain('demo.heartbeat v');
    expect((await page('/runs?workflow=demo.heartbeat', 'fiona')).html).toContain('demo.heartbeat v');

    const run = await page(`/runs/${recovery.runId}`, 'fiona');
    expect(run.html).toContain(`Payment recovery: <span class="weight-normal">Customer hardd01 · ${invoice.number!}`);
    expect(run.html).toContain('Opened the recovery case: $99 unpaid by Customer hardd01');
    expect(run.html).toContain('Handed the case to a person');
    expect(run.html).toMatch(
      /<details class="engineer"><summary>Engineer detail<\/summary><p class="mono small">#\d+ step_completed · <span data-step>open-case<\/span>/,
    );
  });

  it('lists the billing schedule with its next firings and the run it started', async () => {
    const { status, html } = await page('/schedules', 'fiona');
    expect(status).toBe(200);
    expect(html).toContain('data-schedule="billing.daily"');
    expect(html).toContain('every day at 06:00 (UTC)');
    expect(html).toContain('Mar 2, 06:00 UTC');
    const [daily] = await bed.app.engine.listRuns({ workflow: 'billing.daily' });
    expect(daily!.idempotencyKey).toBe(`schedule:billing.daily:${new Date(BILLED_AT).toISOString()}`);
    expect(html).toContain(`<a href="/runs/${daily!.id}">billing day Mar 1, 2026</a>`);
    expect((await page('/schedules', 'sam')).status).toBe(403);
  });

  it('searches, filters and sorts customers, with what each owes', async () => {
    const hard = await page('/customers?q=HARDD0', 'fiona');
    expect(hard.html).toContain('data-total="4"');
    const tara = await page('/customers?csm=tara', 'fiona');
    expect(tara.html.match(/<tr data-customer="/g)).toHaveLength(4);
    expect(tara.html).toContain('data-customer="softc01"');
    const owed = await page('/customers?sort=owed&dir=desc', 'fiona');
    const order = [...owed.html.matchAll(/<tr data-customer="([^"]+)"/g)].map((m) => m[1]);
    expect(order.slice(0, 2)).toEqual(['ent01', 'big01']);
    expect(owed.html).toContain('aria-sort="descending"');
    // A success manager sees their own customers only, whatever the filter says.
    const sam = await page('/customers?csm=tara', 'sam');
    expect(sam.html).not.toContain('data-customer="softc01"');
    expect(sam.html).toContain('data-customer="hardd01"');
  });

  it("shows a customer's invoices, payments, recovery case and approvals, and an invoice page, within scope", async () => {
    const recovery = (await bed.app.billing.records.getCase(invoiceOf('hardd01')))!;
    const customer = await page('/customers/hardd01', 'sam');
    expect(customer.status).toBe(200);
    expect(customer.html).toContain(`<tr data-case="${recovery.invoiceId}">`);
    expect(customer.html).toContain(`href="/invoices/${recovery.invoiceId}"`);
    expect(customer.html).toContain('failed</span> stolen card');
    expect(customer.html).toContain('Recover $99 from Customer hardd01');
    expect(customer.html).not.toContain('href="/runs/');

    const invoice = await page(`/invoices/${recovery.invoiceId}`, 'fiona');
    expect(invoice.status).toBe(200);
    expect(invoice.html).toContain('Payment recovery');
    expect(invoice.html).toContain(`href="/runs/${recovery.runId}"`);
    const softc = (await bed.app.billing.records.getCase(invoiceOf('softc01')))!;
    expect((await page(`/invoices/${softc.invoiceId}`, 'sam')).status).toBe(404);
    expect((await page('/customers/softc01', 'sam')).status).toBe(404);
    expect((await page('/invoices/in_nope', 'fiona')).status).toBe(404);
  });
});

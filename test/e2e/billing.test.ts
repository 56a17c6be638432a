/**
 * Payment recovery in real Chromium: after a billing day on which charges failed, a customer-success
 * manager picks a manual recovery step in the inbox (one of the approval's choices) and the run
 * carries it out; finance reads the recovery funnel and the money at risk on the Billing page and
 * follows a case to its customer, its invoice and its run. Runs on a manual clock, drained by the
 * test, so the days of the recovery are under its control. Takes the data pages' screenshots.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpServer, type RunningServer } from '../../src/http/index.ts';
import { formatUsd } from '../../src/policy/index.ts';
import { PASSWORD, type ApiBed } from '../helpers/api-bed.ts';
import { BILLED_AT, DAY, HOUR, recoveryApprovals } from '../helpers/billing-scenario.ts';
import type { TestSmtp } from '../helpers/smtp-server.ts';
import { afterBillingDay } from './billing-day.ts';
import { SCREENSHOTS, launchChromium } from './browser.ts';

describe('payment recovery in Chromium', () => {
  let smtp: TestSmtp;
  let bed: ApiBed;
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    // The billing day: charges fail, hard declines are escalated at once.
    ({ smtp, bed } = await afterBillingDay(['sam', 'fiona']));
    server = await startHttpServer(bed.http, { port: 0, host: '127.0.0.1' });
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await bed?.close();
    await smtp?.close();
  });

  async function signIn(personName: string): Promise<Page> {
    const page = await (
      await browser.newContext({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 })
    ).newPage();
    await page.goto(`${server.url}/sign-in`);
    await page.selectOption('select[name="person"]', { label: personName });
    await page.fill('input[name="password"]', PASSWORD);
    await Promise.all([page.waitForURL(/\/inbox$/), page.click('button[type="submit"]')]);
    return page;
  }

  it('a customer-success manager picks "suspend" for a stolen card and the run suspends the customer', async () => {
    const [approval] = await recoveryApprovals(bed.app, 'hardd01');
    expect(approval).toBeDefined();
    expect((await bed.app.billing.entitlement('hardd01'))?.access).toBe('none');

    const page = await signIn('Sam Singh — customer success manager');
    const card = page.locator(`[data-approval="${approval!.id}"]`);
    const options = card.locator('input[type="radio"][name="choice"]');
    const values = await Promise.all((await options.all()).map((o) => o.getAttribute('value')));
    expect(values).toEqual(['retry_now', 'extend_grace', 'write_off', 'suspend']);
    await card.locator('input[name="choice"][value="suspend"]').check();
    await Promise.all([page.waitForURL(/\/inbox\?done=approved$/), card.locator('button.btn-approve').click()]);

    await bed.app.engine.drain();
    expect((await bed.app.billing.entitlement('hardd01'))?.access).toBe('suspended');
    expect((await bed.app.approvals.get(approval!.id)).decisions.map((d) => [d.by, d.verdict, d.choice])).toEqual([
      ['sam', 'approve', 'suspend'],
    ]);
    // The run's timeline says which option was carried out (finance may read runs; a CSM may not).
    const finance = await signIn('Fiona Finch — finance manager');
    await finance.goto(`${server.url}/runs/${approval!.runId}`);
    await expect(finance.locator('.timeline [data-chosen]').first().getAttribute('data-chosen')).resolves.toBe(
      'suspend',
    );
  }, 120_000);

  it('finance reads the recovery funnel and the open cases on the Billing page', async () => {
    // The day-1 retry collects from a customer whose card works again.
    await bed.app.billing.commands.setPaymentMethods([{ customerId: 'softa01', paymentMethod: 'pm_card_visa' }]);
    await bed.app.engine.runUntil(BILLED_AT + DAY + 2 * HOUR);
    const page = await signIn('Fiona Finch — finance manager');
    await page.goto(`${server.url}/billing`);
    const metrics = await bed.app.billing.metrics();
    expect(metrics.cases).toBe(24);
    expect(metrics.recovered).toBeGreaterThanOrEqual(1);
    const label = await page.locator('svg.funnel').getAttribute('aria-label');
    expect(label).toContain('Recovery funnel');
    // One row per attempt (the chart's figures), the paid part where an attempt collected (softa01 on the day-1 retry).
    expect(await page.locator('figure.chart-funnel tbody tr').count()).toBe(metrics.byAttempt.length);
    expect(await page.locator('svg.funnel .bar-paid rect').count()).toBeGreaterThanOrEqual(1);
    const rows = await page.locator('table.data.responsive tbody tr').allTextContents();
    expect(rows.some((r) => r.includes('hardd01') && /suspended/i.test(r))).toBe(true);
    await page.screenshot({ path: `${SCREENSHOTS}billing.png`, fullPage: true });
  }, 120_000);

  it('a finance manager reads the money at risk and follows a case to its customer, invoice and run', async () => {
    // What is at risk, from the records: every open case's invoice, still open, at its amount.
    const open = await bed.app.billing.records.listCases({ status: 'open' });
    let atRisk = 0;
    for (const c of open) {
      const invoice = (await bed.app.domain.queries.getInvoice(c.invoiceId))!;
      expect(invoice.status).toBe('open');
      atRisk += invoice.totalCents - invoice.amountPaidCents;
    }
    expect(atRisk).toBeGreaterThan(400_000);

    const page = await signIn('Fiona Finch — finance manager');
    await page.goto(`${server.url}/billing`);
    await expect(page.locator('[data-figure="at-risk"] .tile-value').textContent()).resolves.toBe(
      formatUsd(atRisk / 100),
    );
    await expect(page.locator('[data-figure="at-risk"] .tile-note').textContent()).resolves.toContain(
      `${open.length} unpaid invoices`,
    );
    // Cases are named, never ids; access is said in words.
    const ent = open.find((c) => c.customerId === 'ent01')!;
    const row = page.locator(`tr[data-case="${ent.invoiceId}"]`);
    const number = (await bed.app.domain.queries.getInvoice(ent.invoiceId))!.number!;
    await expect(row.locator('td').first().textContent()).resolves.toContain('Customer ent01');
    await expect(row.locator('td').first().textContent()).resolves.toContain(number);
    expect(await page.locator('table.cases').textContent()).not.toMatch(/\bnone\b/);

    await Promise.all([page.waitForURL(/\/customers\/ent01$/), row.locator('a[href="/customers/ent01"]').click()]);
    await expect(page.locator('h1').textContent()).resolves.toBe('Customer ent01');
    await expect(page.locator(`tr[data-case="${ent.invoiceId}"]`).textContent()).resolves.toContain('in recovery');
    await page.screenshot({ path: `${SCREENSHOTS}customer.png`, fullPage: true });

    await Promise.all([
      page.waitForURL(new RegExp(`/invoices/${ent.invoiceId}$`)),
      page.locator(`tr[data-case="${ent.invoiceId}"] a[href="/invoices/${ent.invoiceId}"]`).click(),
    ]);
    await expect(page.locator('h1').textContent()).resolves.toBe(`Invoice ${number}`);

    await page.goto(`${server.url}/billing`);
    await Promise.all([
      page.waitForURL(new RegExp(`/runs/${ent.runId}$`)),
      page.locator(`tr[data-case="${ent.invoiceId}"] a[href="/runs/${ent.runId}"]`).click(),
    ]);
    await expect(page.locator('h1').textContent()).resolves.toBe(
      `Payment recovery: Customer ent01 · ${number} · ${formatUsd(ent.amountCents / 100)}`,
    );
    await expect(page.locator('.timeline').textContent()).resolves.toContain('Opened the recovery case');
    await page.screenshot({ path: `${SCREENSHOTS}recovery-run.png`, fullPage: true });

    await page.goto(`${server.url}/runs`);
    await page.selectOption('select[name="workflow"]', 'billing.recovery');
    await Promise.all([
      page.waitForURL(/workflow=billing\.recovery/),
      page.click('form.filters button[type="submit"]'),
    ]);
    await expect(page.locator('table.runs').textContent()).resolves.toContain(`Customer ent01 · ${number}`);
    await page.screenshot({ path: `${SCREENSHOTS}runs.png`, fullPage: false });
    await page.goto(`${server.url}/schedules`);
    await expect(page.locator('[data-schedule="billing.daily"] [data-next] li').count()).resolves.toBe(3);
    await page.screenshot({ path: `${SCREENSHOTS}schedules.png`, fullPage: true });
    await page.goto(`${server.url}/customers?sort=owed&dir=desc`);
    await expect(page.locator('table.customers tbody tr').first().getAttribute('data-customer')).resolves.toBe('ent01');
    await page.screenshot({ path: `${SCREENSHOTS}customers.png`, fullPage: false });
  }, 120_000);
});

/**
 * Every dashboard page passes axe-core's WCAG 2.1 A and AA rules in real Chromium, opened by the
 * people who use it, with the data a business has after a billing day (recovery cases, approvals
 * with choices, decided and open, notifications, runs, audit entries), on a laptop and on a phone.
 *
 * Adding a page to the dashboard? Add its path to PAGES (and to PHONE_PAGES if its layout changes
 * on a phone); colours come from the variables in app.css, which are chosen to pass.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpServer, type RunningServer } from '../../src/http/index.ts';
import { PASSWORD, type ApiBed } from '../helpers/api-bed.ts';
import { recoveryApprovals, scenarioCustomers } from '../helpers/billing-scenario.ts';
import type { TestSmtp } from '../helpers/smtp-server.ts';
import { afterBillingDay } from './billing-day.ts';
import { seedBriefingScenario } from '../helpers/briefing-scenario.ts';
import { axeViolations } from './axe.ts';
import { launchChromium } from './browser.ts';

/** Ids the paths need, found once the scenario has run. */
interface Ids {
  openApproval: string;
  decidedApproval: string;
  run: string;
  customer: string;
  invoice: string;
  outboxMessage: string;
  approveLink: string;
  rejectLink: string;
  usedLink: string;
  /** A path from the briefing email: the rating page with score 4 chosen. */
  ratingLink: string;
}

interface PageCase {
  /** Who opens it: a directory person, or nobody (signed out). */
  as: 'fiona' | 'sam' | 'olivia' | null;
  path: (ids: Ids) => string;
  /** Brings the page into the state to check (opens a menu, submits a form). */
  prepare?: (page: Page) => Promise<unknown>;
}

const at = (path: string) => () => path;

/** A morning before the billing day, composed over the briefing scenario's history (charts with 39 days). */
const BRIEFING_DATE = '2026-02-28';

/** Every page of the dashboard, as who reads it. */
const PAGES: PageCase[] = [
  { as: null, path: at('/sign-in') },
  { as: null, path: (ids) => `/approvals/link/${ids.approveLink}` },
  { as: null, path: (ids) => `/approvals/link/${ids.rejectLink}` },
  {
    as: null,
    path: (ids) => `/approvals/link/${ids.usedLink}`,
    // The page after confirming: the decision recorded.
    prepare: (page) => Promise.all([page.waitForLoadState('load'), page.click('button.btn-approve')]),
  },
  { as: null, path: at('/approvals/link/v1.not-a-real-token.sig') },
  { as: null, path: (ids) => ids.ratingLink },
  {
    as: null,
    path: (ids) => ids.ratingLink,
    // The page after saving: the rating recorded.
    prepare: (page) => Promise.all([page.waitForLoadState('load'), page.click('button[type="submit"]')]),
  },
  { as: null, path: at('/briefing-rating/r1.not-a-real-token.sig') },
  { as: 'fiona', path: at('/inbox') },
  { as: 'fiona', path: at('/inbox'), prepare: (page) => page.locator('details.reject summary').first().click() },
  { as: 'fiona', path: (ids) => `/approvals/${ids.openApproval}` },
  { as: 'fiona', path: (ids) => `/approvals/${ids.decidedApproval}` },
  { as: 'fiona', path: at('/notifications') },
  { as: 'fiona', path: at('/notifications?show=unread') },
  { as: 'fiona', path: at('/runs') },
  { as: 'fiona', path: (ids) => `/runs/${ids.run}` },
  { as: 'fiona', path: at('/customers') },
  { as: 'fiona', path: (ids) => `/customers/${ids.customer}` },
  { as: 'fiona', path: (ids) => `/invoices/${ids.invoice}` },
  { as: 'fiona', path: at('/billing') },
  { as: 'fiona', path: at('/schedules') },
  { as: 'fiona', path: at('/outbox') },
  { as: 'fiona', path: (ids) => `/outbox/${ids.outboxMessage}` },
  { as: 'fiona', path: at('/audit') },
  { as: 'fiona', path: at('/policy') },
  { as: 'fiona', path: at('/runs/run_does_not_exist') },
  { as: 'sam', path: at('/inbox') },
  { as: 'sam', path: at('/customers') },
  { as: 'sam', path: at('/billing') },
  { as: 'olivia', path: at('/runs') },
  { as: 'olivia', path: at('/audit') },
  { as: 'olivia', path: at(`/briefing/${BRIEFING_DATE}`) },
  { as: 'fiona', path: at(`/briefing/${BRIEFING_DATE}`) },
  { as: 'sam', path: at(`/briefing/${BRIEFING_DATE}`) },
];

/** Pages whose layout changes on a phone, checked again at 390 px (the menu opened on one). */
const PHONE_PAGES: PageCase[] = [
  { as: 'fiona', path: at('/inbox'), prepare: (page) => page.locator('details.menu summary').click() },
  { as: 'fiona', path: at('/billing') },
  { as: 'fiona', path: at('/runs') },
  { as: 'fiona', path: at('/customers') },
  { as: 'fiona', path: at('/schedules') },
  { as: 'fiona', path: (ids) => `/customers/${ids.customer}` },
  { as: 'fiona', path: (ids) => `/invoices/${ids.invoice}` },
  { as: 'fiona', path: at('/outbox') },
  { as: 'fiona', path: (ids) => `/runs/${ids.run}` },
  { as: 'fiona', path: (ids) => `/approvals/${ids.openApproval}` },
  { as: 'olivia', path: at(`/briefing/${BRIEFING_DATE}`) },
  // Sam's inbox has the card of what he decided, with its outcome.
  { as: 'sam', path: at('/inbox') },
  { as: null, path: at('/sign-in') },
  { as: null, path: (ids) => `/approvals/link/${ids.approveLink}` },
  { as: null, path: (ids) => ids.ratingLink },
];

const NAMES = {
  fiona: 'Fiona Finch — finance manager',
  sam: 'Sam Singh — customer success manager',
  olivia: 'Olivia Owens — owner, CEO',
};

describe('accessibility in Chromium (axe-core, WCAG 2.1 AA)', () => {
  let smtp: TestSmtp;
  let bed: ApiBed;
  let server: RunningServer;
  let browser: Browser;
  let ids: Ids;

  beforeAll(async () => {
    ({ smtp, bed } = await afterBillingDay(['sam', 'fiona', 'olivia'], { links: true }));
    // One recovery decided and carried out, one still open; a refund for the link pages.
    const [decided] = await recoveryApprovals(bed.app, 'hardd02');
    const [open] = await recoveryApprovals(bed.app, 'hardd03');
    await bed.app.approvals.decide({
      approvalId: decided!.id,
      by: 'sam',
      verdict: 'approve',
      channel: 'dashboard',
      choice: 'extend_grace',
    });
    await bed.app.engine.drain();
    const refund = async () => (await bed.app.approvals.list({ runId: await bed.refund({ amountUsd: 2_000 }) }))[0]!;
    const [linked, used] = [await refund(), await refund()];
    const issue = async (approvalId: string, intent: 'approve' | 'reject') =>
      (await bed.app.approvalLinks!.issue({ approvalId, personId: 'fiona', intent })).token;
    // A text message as the day-7 notice would leave it with no SMS provider configured.
    const invoice = (await bed.app.domain.queries.listInvoices({ customerId: 'hardd02' }))[0]!;
    const { id: outboxMessage } = await bed.app.repositories.customerOutbox.capture({
      idempotencyKey: `${decided!.runId}:message:day7:final_notice:sms`,
      customerId: 'hardd02',
      channel: 'sms',
      recipient: scenarioCustomers().find((c) => c.id === 'hardd02')!.input.phone!,
      subject: null,
      text: `Final notice: invoice ${invoice.number ?? invoice.id} is unpaid and API access is suspended.`,
      html: null,
      template: 'final_notice',
      invoiceId: invoice.id,
      runId: decided!.runId,
    });
    const links = bed.app.briefing.ratingLinks!.linksFor(BRIEFING_DATE, 'fiona', bed.app.engine.clock.now());
    const rateFour = new URL(links[3]!.url);
    ids = {
      openApproval: open!.id,
      decidedApproval: decided!.id,
      run: decided!.runId,
      customer: 'hardd02',
      invoice: invoice.id,
      outboxMessage,
      approveLink: await issue(linked.id, 'approve'),
      rejectLink: await issue(linked.id, 'reject'),
      usedLink: await issue(used.id, 'approve'),
      ratingLink: `${rateFour.pathname}${rateFour.search}`,
    };
    await seedBriefingScenario(bed.app);
    const model = await bed.app.briefing.compose(BRIEFING_DATE);
    await bed.app.briefing.repository.save({
      date: BRIEFING_DATE,
      asOf: model.asOf,
      runId: null,
      composedAt: model.asOf,
      model,
    });
    server = await startHttpServer(bed.http, { port: 0, host: '127.0.0.1' });
    browser = await launchChromium();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await bed?.close();
    await smtp?.close();
  });

  /** A browser context signed in as the person (or nobody); CSP bypassed only so axe can be injected. */
  async function contextFor(as: PageCase['as'], width: number): Promise<Page> {
    const context = await browser.newContext({ viewport: { width, height: 900 }, bypassCSP: true });
    const page = await context.newPage();
    if (as === null) return page;
    await page.goto(`${server.url}/sign-in`);
    await page.selectOption('select[name="person"]', { label: NAMES[as] });
    await page.fill('input[name="password"]', PASSWORD);
    await Promise.all([page.waitForURL(/\/inbox$/), page.click('button[type="submit"]')]);
    return page;
  }

  async function check(cases: PageCase[], width: number): Promise<Record<string, string[]>> {
    const failures: Record<string, string[]> = {};
    const pages = new Map<PageCase['as'], Page>();
    for (const c of cases) {
      if (!pages.has(c.as)) pages.set(c.as, await contextFor(c.as, width));
      const page = pages.get(c.as)!;
      const path = c.path(ids);
      await page.goto(`${server.url}${path}`);
      await c.prepare?.(page);
      const found = await axeViolations(page);
      // On a phone nothing may stick out sideways either (WCAG 1.4.10, reflow).
      const overflow = await page.evaluate<number>(
        'document.documentElement.scrollWidth - document.documentElement.clientWidth',
      );
      if (overflow > 0) found.push(`reflow: the page is ${overflow}px wider than the screen`);
      if (found.length > 0) failures[`${c.as ?? 'signed out'} ${path}${c.prepare ? ' (prepared)' : ''}`] = found;
    }
    await Promise.all([...pages.values()].map((p) => p.context().close()));
    return failures;
  }

  it('every page passes on a laptop screen', async () => {
    expect(await check(PAGES, 1280)).toEqual({});
  }, 180_000);

  it('the pages that change on a phone pass at 390 px, and none is wider than the screen', async () => {
    expect(await check(PHONE_PAGES, 390)).toEqual({});
  }, 120_000);
});

/**
 * The dashboard in real Chromium against the real server: a finance manager approves what a
 * running workflow asked for and the run finishes; a customer-success manager cannot approve a
 * CFO-level request; an emailed link is opened (nothing happens), confirmed (decides) and refused
 * on a second use. Takes the README's timeline and phone screenshots on the way (the inbox's is
 * taken by recommended-decision.test.ts).
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/http/index.ts';
import { PASSWORD, createApiBed, type ApiBed } from '../helpers/api-bed.ts';
import { sqliteFactory } from '../helpers/databases.ts';
import { SCREENSHOTS, launchChromium, serveBed, until } from './browser.ts';

describe('dashboard in Chromium', () => {
  let bed: ApiBed;
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    // On the real clock, so the asynchronous kind's 4 hours run on the wall clock too: business
    // hours would put the deadline days away at a weekend, whatever day the suite runs.
    const policy = { approvals: { kinds: { asynchronous: { businessHours: false } } } };
    bed = await createApiBed(sqliteFactory, { links: true, policy });
    for (const person of ['fiona', 'sam', 'carlos']) await bed.app.auth.setPassword(person, PASSWORD);
    server = await serveBed(bed);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await bed?.close();
  });

  async function approvalFor(runId: string) {
    return until(`the approval of ${runId}`, async () => (await bed.app.approvals.list({ runId }))[0]);
  }

  async function signIn(personName: string, viewport = { width: 1280, height: 900 }): Promise<Page> {
    const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
    const page = await context.newPage();
    await page.goto(`${server.url}/`);
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await page.selectOption('select[name="person"]', { label: personName });
    await page.fill('input[name="password"]', PASSWORD);
    await Promise.all([page.waitForURL(/\/inbox$/), page.click('button[type="submit"]')]);
    return page;
  }

  it('a finance manager approves a request raised by a running workflow, and the run completes', async () => {
    const others = [
      bed.refund({
        amountUsd: 4_200,
        title: 'Refund duplicate charge on INV-2291 for Acme Corp',
        customers: [{ id: 'cus_acme', name: 'Acme Corp', successManagerId: 'sam' }],
        recommendation: 'refund: the card was charged twice on March 3 (same amount, 40 seconds apart)',
      }),
      bed.refund({
        amountUsd: 1_850,
        title: 'Write off disputed usage fees for Globex',
        customers: [{ id: 'cus_globex', name: 'Globex' }],
        recommendation: 'write off: the usage spike matches the outage of March 12',
      }),
    ];
    const runId = await bed.refund({
      amountUsd: 2_400,
      title: 'Refund annual plan overcharge for Initech',
      recommendation: 'refund the difference: the plan changed to monthly before the annual renewal',
    });
    const approval = await approvalFor(runId);
    await Promise.all((await Promise.all(others)).map((id) => approvalFor(id)));

    const page = await signIn('Fiona Finch — finance manager');
    const card = page.locator(`[data-approval="${approval.id}"]`);
    await expect(card.locator('.approval-title').textContent()).resolves.toContain(
      'Refund annual plan overcharge for Initech',
    );
    await expect(card.locator('.amount').textContent()).resolves.toBe('$2,400');
    await expect(card.locator('.why').textContent()).resolves.toContain('You are asked as finance manager');
    // The countdown script has taken over the server's text.
    await until('the countdown', async () =>
      /\d+h \d+m left/.test((await card.locator('.deadline .left').textContent()) ?? ''),
    );

    await Promise.all([page.waitForURL(/\/inbox\?done=approved$/), card.locator('button.btn-approve').click()]);
    await expect(page.locator('.notice.ok').textContent()).resolves.toContain('Approved.');
    const run = await until('the run to complete', async () => {
      const r = await bed.app.engine.getRun(runId);
      return r.status === 'completed' ? r : null;
    });
    expect(run.output).toMatchObject({ outcome: 'executed', approvalId: approval.id });

    await page.goto(`${server.url}/runs/${runId}`);
    await expect(page.locator('.timeline').textContent()).resolves.toContain('Run completed');
    await page.screenshot({ path: `${SCREENSHOTS}run-timeline.png`, fullPage: true });

    const phone = await signIn('Fiona Finch — finance manager', { width: 390, height: 844 });
    await phone.screenshot({ path: `${SCREENSHOTS}inbox-phone.png`, fullPage: false });
    const overflow = await phone.evaluate<number>(
      'document.documentElement.scrollWidth - document.documentElement.clientWidth',
    );
    expect(overflow).toBeLessThanOrEqual(0);
  }, 120_000);

  it('a customer-success manager gets no approve button on a CFO-level request, and a forged POST is refused', async () => {
    const runId = await bed.refund({ amountUsd: 9_500, title: 'Refund Q3 invoices for Umbrella Corp' });
    const approval = await approvalFor(runId);
    const page = await signIn('Sam Singh — customer success manager');
    await expect(page.locator('body').textContent()).resolves.not.toContain('Umbrella Corp');
    const direct = await page.goto(`${server.url}/approvals/${approval.id}`);
    expect(direct?.status()).toBe(404);
    expect(await page.locator('button.btn-approve').count()).toBe(0);

    await page.goto(`${server.url}/inbox`);
    const csrf = await page.locator('input[name="_csrf"]').first().inputValue();
    const forged = await page.request.post(`${server.url}/approvals/${approval.id}/decide`, {
      form: { verdict: 'approve', _csrf: csrf },
      headers: { origin: server.url },
      maxRedirects: 0,
    });
    expect([403, 404]).toContain(forged.status());
    const api = await page.request.post(`${server.url}/api/approvals/${approval.id}/decision`, {
      data: { verdict: 'approve' },
      headers: { origin: server.url, 'x-csrf-token': csrf },
    });
    expect(api.status()).toBe(403);
    expect(((await api.json()) as { error: { code: string } }).error.code).toBe('NOT_AUTHORIZED');
    expect((await bed.app.approvals.get(approval.id)).status).toBe('pending');

    const cfo = await signIn('Carlos Chen — CFO');
    await expect(cfo.locator(`[data-approval="${approval.id}"] button.btn-approve`).count()).resolves.toBe(1);
  }, 120_000);

  it('an emailed link shows a confirmation page, decides once when confirmed, and is refused the second time', async () => {
    const runId = await bed.refund({ amountUsd: 3_100, title: 'Refund failed-migration credits for Hooli' });
    const approval = await approvalFor(runId);
    const { token } = await bed.app.approvalLinks!.issue({
      approvalId: approval.id,
      personId: 'fiona',
      intent: 'approve',
    });
    const context = await browser.newContext({ viewport: { width: 720, height: 900 } });
    const page = await context.newPage();

    const opened = await page.goto(`${server.url}/approvals/link/${token}`);
    expect(opened?.status()).toBe(200);
    await expect(page.locator('h1').textContent()).resolves.toBe('Approve this action?');
    await page.reload();
    expect((await bed.app.approvals.get(approval.id)).decisions).toEqual([]);

    await page.fill('textarea[name="comment"]', 'Confirmed with the customer by phone');
    await Promise.all([page.waitForLoadState('load'), page.click('button.btn-approve')]);
    await expect(page.locator('h1').textContent()).resolves.toContain('you approved it');
    expect(await bed.app.approvals.get(approval.id)).toMatchObject({
      status: 'approved',
      decisions: [{ by: 'fiona', channel: 'email', comment: 'Confirmed with the customer by phone' }],
    });
    await until('the run to complete', async () => (await bed.app.engine.getRun(runId)).status === 'completed');

    await page.goBack();
    const again = await page.request.post(`${server.url}/approvals/link/${token}`, {
      form: {},
      headers: { origin: server.url },
    });
    expect(again.status()).toBe(409);
    expect(await again.text()).toContain('already been used');
    const reopened = await page.goto(`${server.url}/approvals/link/${token}`);
    expect(reopened?.status()).toBe(409);
    expect((await bed.app.approvals.get(approval.id)).decisions).toHaveLength(1);
  }, 120_000);
});

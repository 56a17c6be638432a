/**
 * A customer-success manager decides a payment recovery in real Chromium from PsiZero's
 * recommendation: the recommended option is preselected and marked, the retry that cannot succeed
 * on a stolen card is shown with why but cannot be picked, the safer default is named; one click on
 * Approve, and the same card then shows the outcome: who chose what, and that PsiZero carried it
 * out, with no countdown. Takes the README's inbox screenshot on the way.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpServer, type RunningServer } from '../../src/http/index.ts';
import { PASSWORD, type ApiBed } from '../helpers/api-bed.ts';
import { recoveryApprovals } from '../helpers/billing-scenario.ts';
import type { TestSmtp } from '../helpers/smtp-server.ts';
import { afterBillingDay } from './billing-day.ts';
import { SCREENSHOTS, launchChromium } from './browser.ts';

describe('deciding from the recommendation in Chromium', () => {
  let smtp: TestSmtp;
  let bed: ApiBed;
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    // The billing day: a stolen card is declined and handed to its customer-success manager at once.
    ({ smtp, bed } = await afterBillingDay(['sam']));
    server = await startHttpServer(bed.http, { port: 0, host: '127.0.0.1' });
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await bed?.close();
    await smtp?.close();
  });

  async function signInAsSam(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 }, deviceScaleFactor: 1 });
    // The page's countdown reads the browser's clock: give it the server's (manual) time.
    await context.clock.setFixedTime(bed.app.engine.clock.now());
    const page = await context.newPage();
    await page.goto(`${server.url}/sign-in`);
    await page.selectOption('select[name="person"]', { label: 'Sam Singh — customer success manager' });
    await page.fill('input[name="password"]', PASSWORD);
    await Promise.all([page.waitForURL(/\/inbox$/), page.click('button[type="submit"]')]);
    return page;
  }

  it('a customer-success manager approves the preselected recommendation and sees the outcome on the card', async () => {
    const [approval] = await recoveryApprovals(bed.app, 'hardd01');
    expect(approval?.recommendation?.choice).toBe('extend_grace');
    const page = await signInAsSam();
    const card = page.locator(`[data-approval="${approval!.id}"]`);

    // Before deciding: the recommendation preselected and marked, the impossible retry shown with why.
    await expect(card.locator('input[name="choice"]:checked').getAttribute('value')).resolves.toBe('extend_grace');
    await expect(card.locator('label.choice:has(input:checked) .badge').first().textContent()).resolves.toBe(
      'Recommended',
    );
    await expect(card.locator('input[name="choice"][value="retry_now"]').isDisabled()).resolves.toBe(true);
    await expect(card.locator('label[data-choice="retry_now"]').textContent()).resolves.toContain(
      'declined for good (stolen_card)',
    );
    const fallback = (await card.locator('.fallback').textContent()) ?? '';
    expect(fallback).toContain('If nobody decides');
    expect(fallback).toContain('PsiZero takes its safer default: continue the automated recovery schedule');
    await expect(card.locator('.reject-next').textContent()).resolves.toContain(
      'the automated recovery schedule continues',
    );
    await page.screenshot({ path: `${SCREENSHOTS}inbox.png` });

    await Promise.all([page.waitForURL(/\/inbox\?done=approved$/), card.locator('button.btn-approve').click()]);
    await bed.app.engine.drain();
    expect((await bed.app.approvals.get(approval!.id)).decisions.map((d) => [d.by, d.verdict, d.choice])).toEqual([
      ['sam', 'approve', 'extend_grace'],
    ]);

    // After: the same card, under "You decided recently", with the outcome and no countdown.
    await page.reload();
    const decided = page.locator(`.recent [data-approval="${approval!.id}"]`);
    const outcome = decided.locator('.outcome');
    await expect(outcome.getAttribute('data-outcome')).resolves.toBe('approved');
    const said = ((await outcome.textContent()) ?? '').replace(/\s+/g, ' ');
    expect(said).toContain('Approved');
    expect(said).toContain('Sam Singh approved Extend the grace period as customer success manager via dashboard');
    expect(said).toContain('What happened: PsiZero carried it out.');
    await expect(decided.locator('[data-deadline]').count()).resolves.toBe(0);
    await expect(decided.locator('.approval-tags').textContent()).resolves.not.toContain('needs approval');
    await expect(decided.locator('input[type="radio"]').count()).resolves.toBe(0);
    await expect(decided.locator('[data-choice="extend_grace"] .badge').allTextContents()).resolves.toEqual([
      '✓ chosen',
      'Recommended',
    ]);
  }, 120_000);
});

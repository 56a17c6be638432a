/**
 * The Outbox in real Chromium: a captured email is shown as the customer would see it, its HTML
 * rendered inside the sandboxed frame under the page's Content-Security-Policy (the frame's
 * document is the email, with no scripts), and a text message as plain text.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/http/index.ts';
import { emailHtml } from '../../src/workflows/billing/index.ts';
import { PASSWORD, createApiBed, type ApiBed } from '../helpers/api-bed.ts';
import { sqliteFactory } from '../helpers/databases.ts';
import { customerInput } from '../helpers/domain-fixtures.ts';
import { launchChromium, serveBed } from './browser.ts';

describe('the Outbox in Chromium', () => {
  let bed: ApiBed;
  let server: RunningServer;
  let browser: Browser;
  let emailId: string;

  beforeAll(async () => {
    bed = await createApiBed(sqliteFactory);
    await bed.app.auth.setPassword('fiona', PASSWORD);
    await bed.app.domain.ingest.ingest('customers', [customerInput({ id: 'cus_acme', name: 'Acme Labs' })]);
    const text = 'Hello Acme Labs,\n\nInvoice INV-7 ($99) is 7 days overdue. <script>alert(1)</script>';
    const outbox = bed.app.repositories.customerOutbox;
    emailId = (
      await outbox.capture({
        idempotencyKey: 'run_1:message:day7:final_notice:email',
        customerId: 'cus_acme',
        channel: 'email',
        recipient: 'ops@acme.example',
        subject: 'Final notice: API access suspended until invoice INV-7 is paid',
        text,
        html: emailHtml({ subject: 'Final notice', text }),
        template: 'final_notice',
        invoiceId: 'in_acme_7',
        runId: 'run_1',
      })
    ).id;
    server = await serveBed(bed);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await bed?.close();
  });

  it('shows the captured email rendered in its sandboxed frame', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    const blocked: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') blocked.push(m.text());
    });
    let dialogs = 0;
    page.on('dialog', (d) => {
      dialogs++;
      void d.dismiss();
    });
    await page.goto(`${server.url}/sign-in`);
    await page.selectOption('select[name="person"]', 'fiona');
    await page.fill('input[name="password"]', PASSWORD);
    await Promise.all([page.waitForURL(/\/inbox$/), page.click('button[type="submit"]')]);

    await page.click('nav >> text=Outbox');
    await page.waitForURL(/\/outbox$/);
    await page.click('text=Final notice: API access suspended until invoice INV-7 is paid');
    await page.waitForURL(new RegExp(`/outbox/${emailId}$`));

    const frame = page.frameLocator('iframe.outbox-frame');
    await expect.poll(() => frame.locator('body').innerText()).toContain('Invoice INV-7 ($99) is 7 days overdue.');
    // The email's text, escaped, never run: no script element, no alert.
    expect(await frame.locator('body').innerText()).toContain('<script>alert(1)</script>');
    expect(await frame.locator('script').count()).toBe(0);
    expect(dialogs).toBe(0);
    expect(blocked.filter((t) => /frame|srcdoc/i.test(t))).toEqual([]);
    await context.close();
  }, 60_000);
});

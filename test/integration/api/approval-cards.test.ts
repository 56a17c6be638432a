/**
 * The approval card as the people deciding read it: PsiZero's recommended option preselected and
 * marked, an option that cannot succeed shown with why and not selectable, the safer default and
 * what a rejection leads to named before anyone decides, and afterwards the outcome (who decided
 * what, when, and what PsiZero did) instead of a countdown. On a consensus approval the second
 * approver sees the first one's choice, and a conflict is explained with names. Requests are
 * settled (off the unread badge, still listed) as people decide.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/lib/clock.ts';
import { createApiBed, type ApiBed, type Creds } from '../../helpers/api-bed.ts';
import { T0 } from '../../helpers/engine.ts';
import { sqliteFactory } from '../../helpers/databases.ts';

const CHOICES = [
  {
    id: 'retry_now',
    label: 'Retry the charge now',
    unavailable: 'the card was reported stolen; charging it again cannot succeed',
  },
  { id: 'extend_grace', label: 'Extend the grace period', description: 'Give the customer a week.' },
  { id: 'write_off', label: 'Write the invoice off' },
];
const ACME = { id: 'cus_1', name: 'Acme Corp', successManagerId: 'sam' };
const REFUND = {
  amountUsd: 2_000,
  title: 'Recover $2,000 from Acme Corp',
  choices: CHOICES,
  recommendedChoice: 'extend_grace',
  conservativeDefault: 'issue a credit note instead',
  ifRejected: 'the customer keeps the charge and support tells them why',
};

/** The card of one approval in a page (cards are never nested). */
function cardOf(html: string, approvalId: string): string {
  const start = html.indexOf(`<article class="card" data-approval="${approvalId}"`);
  return start < 0 ? '' : html.slice(start, html.indexOf('</article>', start));
}

describe('approval cards', () => {
  let bed: ApiBed;
  let clock: ManualClock;
  let fiona: Creds;
  beforeEach(async () => {
    clock = new ManualClock(T0);
    // The asynchronous kind's 4 hours on the wall clock (T0 is a Sunday; business hours: business-hours-pages.test.ts).
    const policy = { approvals: { kinds: { asynchronous: { businessHours: false } } } };
    bed = await createApiBed(sqliteFactory, { clock, links: true, policy });
    fiona = await bed.signIn('fiona');
  });
  afterEach(async () => {
    await bed.close();
  });

  const page = async (path: string, as: Creds): Promise<string> => (await bed.call('GET', path, { as })).text();
  const approvalOf = async (runId: string) => (await bed.app.approvals.list({ runId }))[0]!;
  const unread = (personId: string) => bed.app.repositories.notifications.countUnread(personId);

  it('preselects and marks the recommendation, shows what cannot succeed, names the default and what a rejection does', async () => {
    const { id } = await approvalOf(await bed.refund(REFUND));
    const card = cardOf(await page('/inbox', fiona), id);
    expect(card).toMatch(/<input type="radio" id="[^"]+" name="choice" value="extend_grace" required checked>/);
    expect(card).toMatch(/<input type="radio" id="[^"]+" name="choice" value="write_off" required>/);
    expect(card).toMatch(/<input type="radio" id="[^"]+" name="choice" value="retry_now" required disabled>/);
    expect(card).toMatch(/<strong>Extend the grace period<\/strong><span class="badge ok">Recommended<\/span>/);
    expect(card).toContain('Not offered: the card was reported stolen; charging it again cannot succeed');
    expect(card).toContain('Level 2 · needs approval');
    expect(card).toContain(`data-deadline="${T0 + 4 * 3_600_000}"`);
    // One approver, the asynchronous kind: nobody deciding in 4 hours means the workflow's default.
    expect(card).toMatch(
      /<strong>If nobody decides<\/strong> by <time[^>]*>Mar 1, 16:00 UTC<\/time>: PsiZero takes its safer default: issue a credit note instead\./,
    );
    expect(card).toContain(
      '<strong>If you reject it:</strong> the customer keeps the charge and support tells them why.',
    );

    const refused = await bed.call('POST', `/api/approvals/${id}/decision`, {
      as: fiona,
      json: { verdict: 'approve', choice: 'retry_now' },
    });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('UNKNOWN_CHOICE');
  });

  it('after a decision the card in the inbox shows the outcome, not a countdown, and the request is settled', async () => {
    const runId = await bed.refund(REFUND);
    const { id } = await approvalOf(runId);
    expect(await unread('fiona')).toBe(1);
    clock.advance(60_000);
    const decided = await bed.call('POST', `/approvals/${id}/decide`, {
      as: fiona,
      form: { verdict: 'approve', choice: 'extend_grace', back: '/inbox' },
    });
    expect(decided.headers.get('location')).toBe('/inbox?done=approved');
    expect(await unread('fiona')).toBe(0);

    const before = cardOf(await page('/inbox?done=approved', fiona), id);
    expect(before).toContain('data-status="approved"');
    expect(before).toContain('<p class="outcome-head"><strong>Approved</strong>');
    expect(before).toContain('approved <strong data-chosen="extend_grace">Extend the grace period</strong>');
    expect(before).toContain('PsiZero is carrying it out.');
    for (const gone of ['data-deadline', 'needs approval', 'type="radio"', 'If nobody decides'])
      expect(before).not.toContain(gone);

    await bed.app.engine.drain();
    expect((await bed.app.engine.getRun(runId)).output).toMatchObject({ outcome: 'executed', choice: 'extend_grace' });
    const after = cardOf(await page('/inbox', fiona), id);
    expect(after).toContain('<strong>What happened:</strong> PsiZero carried it out.');
    // The notice of how it ended is news; the request it settled stays listed, marked settled.
    expect(await unread('fiona')).toBe(1);
    const notifications = await page('/notifications', fiona);
    expect(notifications).toContain('data-settled="yes"');
    expect(notifications).toContain('Settled: approved');
    expect(notifications).toContain('See how it ended');
    expect(await page('/notifications?show=unread', fiona)).not.toContain('data-settled="yes"');
  });

  it('a rejection says what happens next, and what PsiZero did', async () => {
    const runId = await bed.refund(REFUND);
    const { id } = await approvalOf(runId);
    await bed.call('POST', `/approvals/${id}/decide`, {
      as: fiona,
      form: { verdict: 'reject', reason: 'the customer paid by wire' },
    });
    await bed.app.engine.drain();
    const card = cardOf(await page(`/approvals/${id}`, fiona), id);
    expect(card).toContain('<p class="outcome-head"><strong>Rejected</strong>');
    expect(card).toContain('— “the customer paid by wire”');
    expect(card).toContain(
      '<strong>What happens next:</strong> the customer keeps the charge and support tells them why.',
    );
    expect(card).toContain('<strong>What happened:</strong> PsiZero did not carry it out.');
  });

  it('when nobody decides, the requests are settled and the card says the default was taken', async () => {
    const runId = await bed.refund(REFUND);
    const { id } = await approvalOf(runId);
    clock.advance(4 * 3_600_000 + 1);
    await bed.app.engine.drain();
    expect((await bed.app.approvals.get(id)).status).toBe('expired');
    expect((await bed.app.repositories.notifications.list('fiona')).map((n) => [n.type, n.readAt !== null])).toEqual([
      ['approval_resolved', false],
      ['approval_requested', true],
    ]);
    const card = cardOf(await page(`/approvals/${id}`, fiona), id);
    expect(card).toContain('<strong>Nobody decided in time</strong>');
    expect(card).toContain('PsiZero took its safer default: issue a credit note instead.');
  });

  it('consensus: the second approver sees the first one’s choice; a conflict names the person and the option', async () => {
    const { id } = await approvalOf(await bed.refund({ ...REFUND, customers: [ACME] }));
    const sam = await bed.signIn('sam');
    expect([await unread('fiona'), await unread('sam')]).toEqual([1, 1]);
    await bed.call('POST', `/approvals/${id}/decide`, {
      as: fiona,
      form: { verdict: 'approve', choice: 'write_off' },
    });
    // Fiona's request is done; Sam's still waits for him.
    expect([await unread('fiona'), await unread('sam')]).toEqual([0, 1]);

    const card = cardOf(await page('/inbox', sam), id);
    expect(card).toContain('<strong>Decided so far</strong>');
    expect(card).toMatch(/value="write_off" required checked>/);
    expect(card).toMatch(/value="extend_grace" required disabled>/);
    expect(card).toContain('<span class="badge info">Approved by Fiona Finch</span>');
    const explained =
      'Fiona Finch already approved “Write the invoice off”. All approvers must approve the same option: approve that one too, or reject it with your reason.';
    expect(card).toContain(explained);

    const conflict = await bed.call('POST', `/approvals/${id}/decide`, {
      as: sam,
      form: { verdict: 'approve', choice: 'extend_grace' },
    });
    expect(conflict.status).toBe(409);
    const refusedPage = await conflict.text();
    expect(refusedPage).toContain(`<div class="notice bad mb-s" role="alert">${explained}</div>`);
    expect(refusedPage).not.toContain('fiona already approved');

    // The same explanation on an emailed link's page.
    const { token } = await bed.app.approvalLinks!.issue({ approvalId: id, personId: 'sam', intent: 'approve' });
    const link = await bed.call('POST', `/approvals/link/${token}`, {
      form: { choice: 'extend_grace' },
      headers: { origin: 'http://localhost' },
    });
    expect(link.status).toBe(409);
    expect(await link.text()).toContain(explained);

    await bed.call('POST', `/approvals/${id}/decide`, { as: sam, form: { verdict: 'approve', choice: 'write_off' } });
    expect((await bed.app.approvals.get(id)).status).toBe('approved');
    expect([await unread('fiona'), await unread('sam')]).toEqual([0, 0]);
  });

  it('the emailed link page preselects the recommendation and names the default', async () => {
    const { id } = await approvalOf(await bed.refund(REFUND));
    const { token } = await bed.app.approvalLinks!.issue({ approvalId: id, personId: 'fiona', intent: 'approve' });
    const confirm = await (await bed.call('GET', `/approvals/link/${token}`)).text();
    expect(confirm).toContain('<input type="radio" id="choice-1" name="choice" value="extend_grace" required checked>');
    expect(confirm).toContain('<input type="radio" id="choice-0" name="choice" value="retry_now" required disabled>');
    expect(confirm).toContain('PsiZero takes its safer default: issue a credit note instead.');
    const reject = await bed.app.approvalLinks!.issue({ approvalId: id, personId: 'fiona', intent: 'reject' });
    expect(await (await bed.call('GET', `/approvals/link/${reject.token}`)).text()).toContain(
      '<strong>If you reject it:</strong> the customer keeps the charge and support tells them why.',
    );
  });
});

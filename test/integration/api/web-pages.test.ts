/** The dashboard's pages and forms, in-process: inbox, deciding, run timeline, audit, policy, email links. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/lib/clock.ts';
import { createApiBed, type ApiBed, type Creds } from '../../helpers/api-bed.ts';
import { T0 } from '../../helpers/engine.ts';
import { sqliteFactory } from '../../helpers/databases.ts';

describe('dashboard pages', () => {
  let bed: ApiBed;
  let fiona: Creds;
  beforeEach(async () => {
    bed = await createApiBed(sqliteFactory, { clock: new ManualClock(T0), links: true });
    fiona = await bed.signIn('fiona');
  });
  afterEach(async () => {
    await bed.close();
  });

  const page = async (path: string, as: Creds): Promise<{ status: number; html: string }> => {
    const res = await bed.call('GET', path, { as });
    return { status: res.status, html: await res.text() };
  };
  const approvalOf = async (runId: string) => (await bed.app.approvals.list({ runId }))[0]!;

  it('shows the inbox with what, why, amount, customer, deadline and the decision forms; a rejection needs a reason', async () => {
    const runId = await bed.refund({
      amountUsd: 2_500,
      title: 'Refund <b>INV-1042</b> to Acme',
      customers: [{ id: 'cus_1', name: 'Acme Corp', successManagerId: 'sam' }],
    });
    const approval = await approvalOf(runId);
    const { status, html } = await page('/inbox', fiona);
    expect(status).toBe(200);
    expect(html).toContain('Refund &lt;b&gt;INV-1042&lt;/b&gt; to Acme');
    expect(html).not.toContain('<b>INV-1042</b>');
    expect(html).toContain(
      'You are asked as <strong>finance manager</strong> because financial impact $2,500 is at least $1,000 and under $5,000.',
    );
    expect(html).toContain('$2,500');
    expect(html).toContain('Acme Corp');
    expect(html).toContain(`data-deadline="${approval.deadline}"`);
    // Money and a customer: two requirements, so the consensus kind and its 24 hours.
    expect(html).toContain('1d 0h left');
    expect(html).toContain('PsiZero recommends:</strong> refund the duplicate charge');
    expect(html).toMatch(/<textarea[^>]*name="reason"[^>]*required/);
    expect(html).toContain(`name="_csrf" value="${fiona.csrf!}"`);
    expect(html).toMatch(/<span class="count"[^>]*>1<\/span>/);

    const noReason = await bed.call('POST', `/approvals/${approval.id}/decide`, {
      as: fiona,
      form: { verdict: 'reject', reason: '  ', back: '/inbox' },
    });
    expect(noReason.status).toBe(400);
    expect(await noReason.text()).toContain('needs a reason');
    expect((await bed.app.approvals.get(approval.id)).decisions).toEqual([]);

    const approved = await bed.call('POST', `/approvals/${approval.id}/decide`, {
      as: fiona,
      form: { verdict: 'approve', comment: 'ok', back: '/inbox' },
    });
    expect(approved.status).toBe(303);
    expect(approved.headers.get('location')).toBe('/inbox?done=recorded');
    const after = await page('/inbox?done=recorded', fiona);
    expect(after.html).toContain('Your decision is recorded; the others still have to decide.');
    expect(after.html).toContain('All clear, Fiona');
  });

  it('lets the decision continue the run and shows its timeline readably', async () => {
    const runId = await bed.refund({ amountUsd: 2_000 });
    const approval = await approvalOf(runId);
    const res = await bed.call('POST', `/approvals/${approval.id}/decide`, { as: fiona, form: { verdict: 'approve' } });
    expect(res.headers.get('location')).toBe(`/approvals/${approval.id}?done=approved`);
    await bed.app.engine.drain();
    expect((await bed.app.engine.getRun(runId)).status).toBe('completed');

    const owner = await bed.signIn('olivia');
    const { status, html } = await page(`/runs/${runId}`, owner);
    expect(status).toBe(200);
    for (const text of [
      'Run started',
      'Decision record: Level 2',
      'Asked for approval',
      'Waiting for the decision',
      'Approval approved',
      'Carried out the approved action',
      'Run completed',
    ]) {
      expect(html).toContain(text);
    }
    expect(html).not.toContain('Cancel run');
    const runs = await page('/runs?status=completed', owner);
    expect(runs.html).toContain(runId);
    expect((await page('/runs', await bed.signIn('sam'))).status).toBe(403);
  });

  it('does not let a customer-success manager see or decide a CFO-level approval', async () => {
    const runId = await bed.refund({ amountUsd: 7_000 });
    const approval = await approvalOf(runId);
    const sam = await bed.signIn('sam');
    expect((await page('/inbox', sam)).html).toContain('All clear, Sam');
    const shown = await page(`/approvals/${approval.id}`, sam);
    expect(shown.status).toBe(404);
    expect(shown.html).not.toContain('Approve</button>');
    const forged = await bed.call('POST', `/approvals/${approval.id}/decide`, {
      as: sam,
      form: { verdict: 'approve' },
    });
    expect(forged.status).toBe(404);
    expect((await bed.app.approvals.get(approval.id)).decisions).toEqual([]);
    // The CFO sees it with the buttons; the owner sees it (oversight) without them.
    expect((await page(`/approvals/${approval.id}`, await bed.signIn('carlos'))).html).toContain('Approve</button>');
    const owner = await page(`/approvals/${approval.id}`, await bed.signIn('olivia'));
    expect(owner.html).not.toContain('Approve</button>');
    expect(owner.html).toContain('You cannot decide this one: it needs CFO.');
  });

  it('confirms an emailed link on GET without deciding, decides once on POST, refuses a second use', async () => {
    const runId = await bed.refund({ amountUsd: 2_000 });
    const approval = await approvalOf(runId);
    const links = bed.app.approvalLinks!;
    const { token } = await links.issue({ approvalId: approval.id, personId: 'fiona', intent: 'approve' });
    const path = `/approvals/link/${token}`;

    for (let i = 0; i < 3; i++) {
      const preview = await bed.call('GET', path);
      expect(preview.status).toBe(200);
      expect(await preview.text()).toContain('Approve this action?');
    }
    expect((await bed.app.approvals.get(approval.id)).status).toBe('pending');

    const confirmed = await bed.call('POST', path, {
      form: { comment: 'from my phone' },
      headers: { origin: 'http://localhost' },
    });
    expect(confirmed.status).toBe(200);
    expect(await confirmed.text()).toContain('you approved it');
    const decided = await bed.app.approvals.get(approval.id);
    expect(decided).toMatchObject({
      status: 'approved',
      decisions: [{ by: 'fiona', channel: 'email', comment: 'from my phone' }],
    });

    const reused = await bed.call('POST', path, { form: {}, headers: { origin: 'http://localhost' } });
    expect(reused.status).toBe(409);
    expect(reused.headers.get('x-psizero-error')).toBe('LINK_USED');
    expect((await bed.call('GET', path)).status).toBe(409);

    const tampered = await bed.call('GET', `/approvals/link/${token.slice(0, -3)}abc`);
    expect(tampered.status).toBe(400);
    expect(tampered.headers.get('x-psizero-error')).toBe('LINK_INVALID');
  });

  it('asks for a reason before a rejection link is used up, and refuses posts from other sites', async () => {
    const approval = await approvalOf(await bed.refund({ amountUsd: 2_000 }));
    const { token } = await bed.app.approvalLinks!.issue({
      approvalId: approval.id,
      personId: 'fiona',
      intent: 'reject',
    });
    const path = `/approvals/link/${token}`;
    expect(await (await bed.call('GET', path)).text()).toMatch(/<textarea[^>]*name="reason"[^>]*required/);
    const foreign = await bed.call('POST', path, {
      form: { reason: 'no' },
      headers: { origin: 'https://evil.example' },
    });
    expect(foreign.status).toBe(403);
    const noReason = await bed.call('POST', path, { form: {}, headers: { origin: 'http://localhost' } });
    expect(noReason.status).toBe(400);
    expect(await noReason.text()).toContain('Please say why you reject it.');
    const rejected = await bed.call('POST', path, {
      form: { reason: 'customer already got a credit' },
      headers: { origin: 'http://localhost' },
    });
    expect(rejected.status).toBe(200);
    expect((await bed.app.approvals.get(approval.id)).status).toBe('rejected');
  });

  it('shows the audit log with its verification status and the effective policy', async () => {
    await bed.refund({ amountUsd: 2_000 });
    const carlos = await bed.signIn('carlos');
    const audit = await page('/audit', carlos);
    expect(audit.status).toBe(200);
    expect(audit.html).toContain('data-chain="intact"');
    expect(audit.html).toContain('decision record');
    const policy = await page('/policy', await bed.signIn('sam'));
    expect(policy.html).toContain('$1,000 – under $5,000');
    expect(policy.html).toContain('Fiona Finch');
    expect((await page('/audit', await bed.signIn('sam'))).status).toBe(403);
  });
});

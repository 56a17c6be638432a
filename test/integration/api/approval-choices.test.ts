/**
 * Approvals with choices over HTTP: the JSON API (choice in the body, the stable refusal codes in
 * the one error shape), the dashboard card's radio buttons, the emailed link's confirmation page,
 * and where the chosen option shows afterwards (decisions, run timeline, audit log).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/lib/clock.ts';
import { createApiBed, type ApiBed } from '../../helpers/api-bed.ts';
import { T0 } from '../../helpers/engine.ts';
import { sqliteFactory } from '../../helpers/databases.ts';

const CHOICES = [
  { id: 'retry_now', label: 'Retry the charge now', description: 'Charge the card on file again right away.' },
  { id: 'extend_grace', label: 'Extend the grace period', description: 'Lift restrictions and push recovery back.' },
  { id: 'write_off', label: 'Write the invoice off' },
];
const ACME = { id: 'cus_1', name: 'Acme Corp', successManagerId: 'sam' };
const SAME_ORIGIN = { origin: 'http://localhost' };

interface ErrorJson {
  error: { code: string; message: string; issues?: { path: string }[] };
}

describe('approvals with choices over HTTP', () => {
  let bed: ApiBed;
  beforeEach(async () => {
    bed = await createApiBed(sqliteFactory, { clock: new ManualClock(T0), links: true });
  });
  afterEach(async () => {
    await bed.close();
  });

  const approvalOf = async (runId: string) => (await bed.app.approvals.list({ runId }))[0]!;
  const html = async (res: Response | Promise<Response>): Promise<string> => (await res).text();

  it('API: requires a valid choice to approve, refuses with stable codes, and the run executes with it', async () => {
    const runId = await bed.refund({ amountUsd: 2_000, choices: CHOICES });
    const { id } = await approvalOf(runId);
    const fiona = await bed.signIn('fiona');
    const decide = (json: unknown) => bed.call('POST', `/api/approvals/${id}/decision`, { as: fiona, json });

    const shown = (await (await bed.call('GET', `/api/approvals/${id}`, { as: fiona })).json()) as {
      approval: { record: { choices: unknown } };
    };
    expect(shown.approval.record.choices).toEqual(CHOICES);

    const missing = await decide({ verdict: 'approve' });
    expect(missing.status).toBe(400);
    const missingError = ((await missing.json()) as ErrorJson).error;
    expect(missingError.code).toBe('CHOICE_REQUIRED');
    expect(missingError.message).toContain('retry_now, extend_grace, write_off');
    const unknown = await decide({ verdict: 'approve', choice: 'suspend' });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as ErrorJson).error.code).toBe('UNKNOWN_CHOICE');
    const malformed = await decide({ verdict: 'approve', choice: 42 });
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as ErrorJson).error).toMatchObject({
      code: 'VALIDATION_FAILED',
      issues: [{ path: 'body.choice' }],
    });
    expect((await bed.app.approvals.get(id)).decisions).toEqual([]);

    const ok = await decide({ verdict: 'approve', choice: 'extend_grace' });
    expect(ok.status).toBe(200);
    const approval = ((await ok.json()) as { approval: { status: string; decisions: unknown[] } }).approval;
    expect(approval).toMatchObject({
      status: 'approved',
      decisions: [{ by: 'fiona', verdict: 'approve', channel: 'dashboard', choice: 'extend_grace' }],
    });
    await bed.app.engine.drain();
    expect((await bed.app.engine.getRun(runId)).output).toMatchObject({ outcome: 'executed', choice: 'extend_grace' });
  });

  it('API: consensus approvers must agree (409 CHOICE_CONFLICT); an approval without choices refuses one', async () => {
    const { id } = await approvalOf(await bed.refund({ amountUsd: 2_000, customers: [ACME], choices: CHOICES }));
    const fiona = await bed.signIn('fiona');
    const sam = await bed.signIn('sam');
    expect(
      (
        await bed.call('POST', `/api/approvals/${id}/decision`, {
          as: fiona,
          json: { verdict: 'approve', choice: 'retry_now' },
        })
      ).status,
    ).toBe(200);
    const conflict = await bed.call('POST', `/api/approvals/${id}/decision`, {
      as: sam,
      json: { verdict: 'approve', choice: 'write_off' },
    });
    expect(conflict.status).toBe(409);
    expect(((await conflict.json()) as ErrorJson).error.code).toBe('CHOICE_CONFLICT');
    const rejected = await bed.call('POST', `/api/approvals/${id}/decision`, {
      as: sam,
      json: { verdict: 'reject', reason: 'the customer disputes it' },
    });
    expect(rejected.status).toBe(200);

    const plain = await approvalOf(await bed.refund({ amountUsd: 2_000 }));
    const refused = await bed.call('POST', `/api/approvals/${plain.id}/decision`, {
      as: fiona,
      json: { verdict: 'approve', choice: 'retry_now' },
    });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as ErrorJson).error.code).toBe('UNKNOWN_CHOICE');
    expect(
      (
        await bed.call('POST', `/api/approvals/${plain.id}/decision`, {
          as: fiona,
          json: { verdict: 'approve', choice: null },
        })
      ).status,
    ).toBe(200);
  });

  it('dashboard: the card offers the options as required radio buttons and records the one picked', async () => {
    const runId = await bed.refund({ amountUsd: 2_000, choices: CHOICES });
    const { id } = await approvalOf(runId);
    const fiona = await bed.signIn('fiona');
    const inbox = await html(bed.call('GET', '/inbox', { as: fiona }));
    for (const c of CHOICES)
      expect(inbox).toMatch(new RegExp(`<input type="radio" id="[^"]+" name="choice" value="${c.id}" required>`));
    expect(inbox).toContain('Charge the card on file again right away.');
    // The radios are inside the approve form, not the reject one.
    const approveForm =
      /<form[^>]*class="decide">((?:(?!<\/form>)[\s\S])*name="verdict" value="approve"(?:(?!<\/form>)[\s\S])*)<\/form>/.exec(
        inbox,
      )?.[1] ?? '';
    expect(approveForm).toContain('name="choice"');

    const noChoice = await bed.call('POST', `/approvals/${id}/decide`, {
      as: fiona,
      form: { verdict: 'approve', back: '/inbox' },
    });
    expect(noChoice.status).toBe(400);
    expect(await noChoice.text()).toContain('means choosing one of its options');
    expect((await bed.app.approvals.get(id)).decisions).toEqual([]);

    const picked = await bed.call('POST', `/approvals/${id}/decide`, {
      as: fiona,
      form: { verdict: 'approve', choice: 'write_off', comment: 'uncollectible' },
    });
    expect(picked.status).toBe(303);
    expect((await bed.app.approvals.get(id)).decisions).toMatchObject([
      { by: 'fiona', choice: 'write_off', comment: 'uncollectible' },
    ]);

    // Afterwards the option shows wherever the decision does.
    const page = await html(bed.call('GET', `/approvals/${id}`, { as: fiona }));
    expect(page).toContain('approved <strong data-chosen="write_off">Write the invoice off</strong>');
    expect(page).toMatch(
      /data-choice="write_off"><span><strong>Write the invoice off<\/strong><\/span><span class="badge ok">✓ chosen/,
    );
    expect(page).not.toContain('type="radio"');
    await bed.app.engine.drain();
    const owner = await bed.signIn('olivia');
    expect(await html(bed.call('GET', `/runs/${runId}`, { as: owner }))).toContain(
      'chosen option: <strong data-chosen="write_off">write off</strong>',
    );
    expect(await html(bed.call('GET', '/audit', { as: owner }))).toContain(
      'approve (chose write off) as finance manager',
    );
  });

  it('email link: the confirmation page asks for the option and keeps the link until one is picked', async () => {
    const { id } = await approvalOf(await bed.refund({ amountUsd: 2_000, choices: CHOICES }));
    const { token } = await bed.app.approvalLinks!.issue({ approvalId: id, personId: 'fiona', intent: 'approve' });
    const path = `/approvals/link/${token}`;
    const confirm = await html(bed.call('GET', path));
    expect(confirm).toContain('Approve this action?');
    expect(confirm).toMatch(/<input type="radio" id="choice-1" name="choice" value="extend_grace" required>/);
    expect(confirm).toContain('Lift restrictions and push recovery back.');

    const noChoice = await bed.call('POST', path, { form: { comment: 'ok' }, headers: SAME_ORIGIN });
    expect(noChoice.status).toBe(400);
    expect(await noChoice.text()).toContain('Please choose one of the options to approve.');
    const unknown = await bed.call('POST', path, { form: { choice: 'suspend' }, headers: SAME_ORIGIN });
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain('is not an option of approval');
    // Still unused: the GET page still offers the form.
    expect((await bed.call('GET', path)).status).toBe(200);
    expect((await bed.app.approvals.get(id)).decisions).toEqual([]);

    const done = await bed.call('POST', path, {
      form: { choice: 'extend_grace', comment: 'from my phone' },
      headers: SAME_ORIGIN,
    });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain(
      'you approved it <span data-chosen="extend_grace">(Extend the grace period)</span>',
    );
    expect((await bed.app.approvals.get(id)).decisions).toMatchObject([
      { by: 'fiona', channel: 'email', choice: 'extend_grace', comment: 'from my phone' },
    ]);
  });

  it('email link: a reject link shows the options read-only and needs no choice', async () => {
    const { id } = await approvalOf(await bed.refund({ amountUsd: 2_000, choices: CHOICES }));
    const { token } = await bed.app.approvalLinks!.issue({ approvalId: id, personId: 'fiona', intent: 'reject' });
    const page = await html(bed.call('GET', `/approvals/link/${token}`));
    expect(page).toContain('data-choice="retry_now"');
    expect(page).not.toContain('type="radio"');
    const rejected = await bed.call('POST', `/approvals/link/${token}`, {
      form: { reason: 'paid by wire' },
      headers: SAME_ORIGIN,
    });
    expect(rejected.status).toBe(200);
    expect((await bed.app.approvals.get(id)).decisions).toMatchObject([{ verdict: 'reject', choice: null }]);
  });
});

/**
 * The money defects of issue 13, one test each, on SQLite and PostgreSQL: each failed on the code
 * before the fix (a Level 3 decision dropped, a hard decline on a retry retried again, no second
 * hand-over when the final attempt failed, disputes reaching nobody, "high value" read as the
 * invoice, money moving without an audit entry, an enterprise customer suspended by the schedule
 * alone), plus the truthful approval card, the case that waits for a person, and the people told
 * when a case they decided recovers.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/lib/clock.ts';
import { createApiBed, type ApiBed } from '../../helpers/api-bed.ts';
import { BILLED_AT, DAY, HOUR, SCENARIO_CONFIG, invoiceOf, recoveryApprovals } from '../../helpers/billing-scenario.ts';
import { databaseFactories } from '../../helpers/databases.ts';
import {
  STOLEN,
  WEBHOOK_SECRET,
  auditOf,
  cardBecomes,
  chargeIdOf,
  chargesOf,
  moneyAuditOf,
  seedMoneyCustomers,
  sendDispute,
} from '../../helpers/money-scenario.ts';
import { startSmtpServer, type TestSmtp } from '../../helpers/smtp-server.ts';

const at = (days: number, hours = 0) => BILLED_AT + days * DAY + hours * HOUR;
/** Who holds each role in the default directory. */
const ROLE_HOLDER: Record<string, string> = {
  cfo: 'carlos',
  ceo: 'olivia',
  board: 'bianca',
  finance_manager: 'fiona',
  customer_success_manager: 'sam',
};
const PEOPLE: Record<string, string> = {
  carlos: 'Carlos Chen',
  olivia: 'Olivia Owens',
  bianca: 'Bianca Bauer',
  fiona: 'Fiona Finch',
  sam: 'Sam Singh',
};

describe.each(databaseFactories())('money defects of issue 13 on $name', (factory) => {
  let bed: ApiBed;
  let smtp: TestSmtp;

  beforeEach(async () => {
    smtp = await startSmtpServer();
    bed = await createApiBed(factory, {
      clock: new ManualClock(BILLED_AT - HOUR),
      config: SCENARIO_CONFIG(smtp.port),
      stripeSecret: WEBHOOK_SECRET,
    });
  }, 60_000);

  afterEach(async () => {
    await bed?.close();
    await smtp?.close();
  });

  const app = () => bed.app;
  const runTo = (t: number) => bed.app.engine.runUntil(t);
  const caseOf = async (customerId: string) => (await app().billing.records.getCase(invoiceOf(customerId)))!;
  const invoiceStatus = async (customerId: string) =>
    (await app().domain.queries.getInvoice(invoiceOf(customerId)))!.status;
  const access = async (customerId: string) => (await app().billing.entitlement(customerId))!.access;
  const decide = async (approvalId: string, by: string[], verdict: 'approve' | 'reject', choice?: string) => {
    for (const person of by)
      await app().approvals.decide({
        approvalId,
        by: person,
        verdict,
        channel: 'dashboard',
        ...(choice ? { choice } : {}),
        ...(verdict === 'reject' ? { reason: 'leave it to the schedule' } : {}),
      });
    await app().engine.drain();
  };

  it('carries out a Level 3 decision: a $12,000 write-off decided by consensus', async () => {
    await seedMoneyCustomers(app(), ['l3big01']);
    await runTo(at(0, 1));
    const [approval] = await recoveryApprovals(app(), 'l3big01');
    // Over $10,000: Level 3, the CFO for the amount and the customer's own approver (their CSM, or the CEO if enterprise).
    expect(approval).toMatchObject({ level: 3, kind: 'consensus' });
    expect(approval!.requirements).toContain('cfo');
    expect(approval!.requirements).toHaveLength(2);

    const deciders = approval!.requirements.map((role) => ROLE_HOLDER[role]!);
    await decide(approval!.id, deciders, 'approve', 'write_off');
    expect(await invoiceStatus('l3big01')).toBe('uncollectible');
    const names = deciders.map((id) => PEOPLE[id]).join(' and ');
    expect(await caseOf('l3big01')).toMatchObject({
      status: 'written_off',
      waitingSince: null,
      lastDecision: {
        outcome: 'carried_out',
        summary: expect.stringContaining(`${names} chose "Write the invoice off": carried out`) as string,
      },
    });
    const executed = (await auditOf(app(), 'action_executed')).filter((e) => e.approvalId === approval!.id);
    expect(executed.map((e) => e.data.choice)).toEqual(['write_off']);
    const kinds = (await moneyAuditOf(app(), 'l3big01')).map((e) => e.kind);
    expect(kinds).toEqual(['charge_attempted', 'invoice_written_off', 'access_restored']);
  });

  it('counts a case as "handed to a person" until the person decides', async () => {
    await seedMoneyCustomers(app(), ['turns01', 'final01']);
    await cardBecomes(app(), 'turns01', STOLEN);
    await cardBecomes(app(), 'final01', STOLEN);
    await runTo(at(0, 1));
    const metrics = await app().billing.metrics();
    expect([metrics.escalated, metrics.waitingForPerson]).toEqual([2, 2]);
    expect((await caseOf('turns01')).waitingSince).toBe(at(0));
    const [approval] = await recoveryApprovals(app(), 'turns01');
    await decide(approval!.id, ['sam'], 'approve', 'extend_grace');
    const after = await app().billing.metrics();
    expect([after.escalated, after.waitingForPerson]).toEqual([2, 1]);
    expect(await caseOf('turns01')).toMatchObject({
      waitingSince: null,
      lastDecision: {
        outcome: 'carried_out',
        summary:
          'Sam Singh chose "Extend the grace period": carried out; restrictions lifted; every remaining step moved 7 days later',
      },
    });
  });

  it('escalates a hard decline on a retry at once and ends the automatic retries', async () => {
    await seedMoneyCustomers(app(), ['turns01']);
    await runTo(at(0, 1));
    expect(await recoveryApprovals(app(), 'turns01')).toEqual([]);
    await cardBecomes(app(), 'turns01', STOLEN);
    await runTo(at(1, 1));
    expect(await chargesOf(app(), 'turns01')).toEqual(['insufficient_funds', 'stolen_card']);
    const [approval] = await recoveryApprovals(app(), 'turns01');
    expect(approval?.requirements).toEqual(['customer_success_manager']);
    const summary = approval!.recommendation?.summary ?? '';
    expect(summary).toContain('hard-declined');
    expect(summary).toContain('stolen_card');
    // Escalated before the day-1 email went out: nobody has asked the customer for a new card yet.
    expect(summary).toContain('the customer has not been asked to update it yet');
    await decide(approval!.id, ['sam'], 'reject');
    expect((await caseOf('turns01')).lastDecision).toMatchObject({
      outcome: 'rejected',
      summary: 'Sam Singh rejected; the automated recovery schedule continues',
    });
    await runTo(at(9));
    expect(await chargesOf(app(), 'turns01')).toEqual(['insufficient_funds', 'stolen_card']);
  });

  it('says the customer was asked for a new card only once that message reached them', async () => {
    await seedMoneyCustomers(app(), ['turns01']);
    await runTo(at(2));
    await cardBecomes(app(), 'turns01', STOLEN);
    await runTo(at(3, 1));
    const [approval] = await recoveryApprovals(app(), 'turns01');
    expect(approval!.recommendation?.summary).toContain('the customer has been asked to update it');
  });

  it('hands the case to a person again when the final automatic attempt fails, though one was asked before', async () => {
    await seedMoneyCustomers(app(), ['final01']);
    await runTo(at(3, 1));
    const [first] = await recoveryApprovals(app(), 'final01');
    expect(first?.requirements).toEqual(['customer_success_manager']);
    await decide(first!.id, ['tara'], 'reject');
    await runTo(at(7, 1));
    expect(await chargesOf(app(), 'final01')).toEqual(Array(4).fill('try_again_later'));
    const approvals = await recoveryApprovals(app(), 'final01');
    expect(approvals).toHaveLength(2);
    expect(approvals[1]!.recommendation?.summary).toContain('the final automatic attempt failed');
    expect(approvals[1]!.status).toBe('pending');
  });

  it('joins a Stripe dispute webhook to the open case: retries end and a person is asked', async () => {
    await seedMoneyCustomers(app(), ['open01']);
    await runTo(at(0, 2));
    expect(await recoveryApprovals(app(), 'open01')).toEqual([]);
    await sendDispute(bed, await chargeIdOf(app(), 'open01', 1), 9_900);
    expect((await caseOf('open01')).disputed).toBe(true);
    const [approval] = await recoveryApprovals(app(), 'open01');
    expect(approval?.recommendation?.summary).toContain('the charge is disputed');
    const runs = await app().engine.listRuns({ workflow: 'billing.recovery', limit: 10 });
    expect(runs).toHaveLength(1);
    await decide(approval!.id, ['sam'], 'reject');
    await runTo(at(9));
    expect(await chargesOf(app(), 'open01')).toEqual(['insufficient_funds']);
    expect((await auditOf(app(), 'charge_disputed')).map((e) => e.data.customer.name)).toEqual(['Customer open01']);
  });

  it('opens a recovery case for a dispute on a paid invoice, and reopens a recovered one', async () => {
    await seedMoneyCustomers(app(), ['paid01', 'open01']);
    await runTo(at(0, 2));
    expect(await app().billing.records.getCase(invoiceOf('paid01'))).toBeNull();
    await sendDispute(bed, await chargeIdOf(app(), 'paid01', 1), 9_900);
    expect(await caseOf('paid01')).toMatchObject({ status: 'open', disputed: true, declineType: 'hard' });
    expect((await recoveryApprovals(app(), 'paid01')).map((a) => a.requirements)).toEqual([
      ['customer_success_manager'],
    ]);
    // The same dispute again starts nothing new: the run is keyed by the invoice.
    const recoveries = async () =>
      (await app().engine.listRuns({ workflow: 'billing.recovery', limit: 10 })).filter(
        (r) => (r.input as { invoiceId: string }).invoiceId === invoiceOf('paid01'),
      );
    expect(await recoveries()).toHaveLength(1);

    // open01's day-1 retry pays; then that very charge is disputed: the case is open again.
    await cardBecomes(app(), 'open01', 'pm_card_visa');
    await runTo(at(1, 1));
    expect((await caseOf('open01')).status).toBe('recovered');
    await sendDispute(bed, await chargeIdOf(app(), 'open01', 2), 9_900);
    expect(await caseOf('open01')).toMatchObject({ status: 'open', disputed: true });
    expect(await recoveryApprovals(app(), 'open01')).toHaveLength(1);
  });

  it('reads "high value customers over $1,000" as the customer\'s monthly value, not the invoice', async () => {
    await seedMoneyCustomers(app(), ['hv01']);
    // A $300 one-off invoice of a customer on a $1,500-a-month plan, whose charge failed before PsiZero ran.
    const invoice = {
      id: 'in_hv01_oneoff',
      customerId: 'hv01',
      number: 'PZ-ONEOFF-hv01',
      currency: 'usd',
      status: 'open',
      periodStart: '2026-02-27',
      periodEnd: '2026-02-27',
      issuedOn: '2026-02-27',
      dueOn: '2026-02-27',
      lines: [{ description: 'Onboarding workshop', kind: 'one_off', quantity: 1, amountCents: 30_000 }],
    };
    expect((await app().domain.ingest.ingest('invoices', [invoice])).rejected).toBe(0);
    const failed = {
      id: 'pay_hv01_oneoff_1',
      invoiceId: invoice.id,
      customerId: 'hv01',
      attemptedAt: BILLED_AT - 2 * DAY,
      amountCents: 30_000,
      currency: 'usd',
      status: 'failed',
      declineCode: 'insufficient_funds',
      adviceCode: 'try_again_later',
    };
    expect((await app().domain.ingest.ingest('payments', [failed])).rejected).toBe(0);
    await app().billing.commands.setPaymentMethods([
      { customerId: 'hv01', paymentMethod: 'pm_card_chargeDeclinedInsufficientFunds' },
    ]);
    expect(await app().billing.adoptRecentFailures()).toBe(1);
    await app().engine.drain();
    const approvals = (await app().approvals.list()).filter((a) =>
      a.actionId.startsWith(`billing.recovery:${invoice.id}:`),
    );
    expect(approvals).toHaveLength(1);
    expect(approvals[0]!.recommendation?.summary).toContain('the customer is worth $1,500 a month, over $1,000');
    expect(approvals[0]!.recommendation?.summary).not.toContain('the amount');
  });

  it('audits every movement of money with the customer, the invoice number and the amount', async () => {
    await seedMoneyCustomers(app(), ['paid01', 'turns01', 'final01']);
    await runTo(at(0, 1));
    // The billing cycle's charges passed the gate as Level 1 actions: a decision record each.
    const records = await auditOf(app(), 'decision_record');
    const chargeRecords = records.filter((e) => e.data.record.actionId.startsWith('billing.charge:'));
    expect(chargeRecords.map((e) => [e.data.record.actionId, e.data.record.level])).toEqual(
      expect.arrayContaining([
        [`billing.charge:${invoiceOf('paid01')}`, 1],
        [`billing.charge:${invoiceOf('turns01')}`, 1],
      ]),
    );
    const charges = await auditOf(app(), 'charge_attempted');
    expect(charges.find((e) => e.data.invoice.id === invoiceOf('paid01'))?.data).toMatchObject({
      customer: { id: 'paid01', name: 'Customer paid01' },
      invoice: { number: 'PZ-202603-paid01' },
      amountCents: 9_900,
      attempt: 1,
      by: 'billing_cycle',
      outcome: 'paid',
    });
    expect(charges.find((e) => e.data.invoice.id === invoiceOf('turns01'))?.data).toMatchObject({
      outcome: 'declined',
      declineCode: 'insufficient_funds',
      declineType: 'soft',
    });

    // A card update through the API, a retry that pays, a restoration.
    const put = await bed.call('PUT', '/api/billing/customers/turns01/payment-method', {
      as: await bed.key('ingest'),
      json: { paymentMethod: 'pm_card_visa' },
    });
    expect(put.status).toBe(200);
    await app().engine.drain();
    const [card] = await auditOf(app(), 'card_updated');
    expect(card?.data).toMatchObject({
      customer: { name: 'Customer turns01' },
      unpaid: [{ number: 'PZ-202603-turns01', amountCents: 9_900 }],
    });
    expect(
      (await moneyAuditOf(app(), 'turns01')).map((e) => [e.kind, (e.data as { outcome?: string }).outcome]),
    ).toEqual([
      ['charge_attempted', 'declined'],
      ['charge_attempted', 'paid'],
      ['access_restored', undefined],
    ]);

    // The schedule rate-limits and suspends; each is in the log.
    await runTo(at(3, 1));
    const [escalated] = await recoveryApprovals(app(), 'final01');
    await decide(escalated!.id, ['tara'], 'reject');
    await runTo(at(7, 1));
    const restrictions = (await moneyAuditOf(app(), 'final01'))
      .filter((e) => e.kind === 'access_restricted')
      .map((e) => (e.data as { restriction: string }).restriction);
    expect(restrictions).toEqual(['rate_limited', 'suspended']);
  });

  it('never suspends or writes down a $28,000 enterprise invoice without the approvals the policy requires', async () => {
    await seedMoneyCustomers(app(), ['ent28']);
    await runTo(at(0, 1));
    const [first] = await recoveryApprovals(app(), 'ent28');
    expect(first).toMatchObject({ level: 3, requirements: ['board', 'ceo'] });
    await decide(first!.id, ['bianca'], 'reject');
    await runTo(at(3, 1));
    const second = (await recoveryApprovals(app(), 'ent28'))[1];
    await decide(second!.id, ['bianca'], 'reject');
    await runTo(at(7, 1));
    // Day 7: the schedule would suspend; for this customer it asks the board and the CEO first.
    expect(await access('ent28')).toBe('rate_limited');
    const suspend = (await recoveryApprovals(app(), 'ent28')).find((a) => a.actionId.endsWith(':suspend'));
    expect(suspend).toMatchObject({ status: 'pending', level: 3, requirements: ['board', 'ceo'] });
    await decide(suspend!.id, ['bianca', 'olivia'], 'approve');
    expect(await access('ent28')).toBe('suspended');
    const suspended = (await moneyAuditOf(app(), 'ent28')).filter((e) => e.kind === 'access_restricted').at(-1);
    expect(suspended).toMatchObject({ approvalId: suspend!.id, data: { restriction: 'suspended' } });

    // The deadline: the write-down waits for them too.
    const [, , , finalAttempt] = await recoveryApprovals(app(), 'ent28');
    if (finalAttempt?.status === 'pending') await decide(finalAttempt.id, ['bianca'], 'reject');
    await runTo(at(30, 1));
    expect(await invoiceStatus('ent28')).toBe('open');
    const writeDown = (await recoveryApprovals(app(), 'ent28')).find((a) => a.actionId.endsWith(':write-down'));
    expect(writeDown).toMatchObject({ status: 'pending', requirements: ['board', 'ceo'] });
    await decide(writeDown!.id, ['bianca', 'olivia'], 'approve');
    expect(await invoiceStatus('ent28')).toBe('uncollectible');
    expect((await caseOf('ent28')).status).toBe('unrecovered');
  });

  it('tells the people who decided a case when it recovers', async () => {
    await seedMoneyCustomers(app(), ['l3big01']);
    await runTo(at(0, 1));
    const [approval] = await recoveryApprovals(app(), 'l3big01');
    await decide(approval!.id, ['carlos'], 'reject');
    await cardBecomes(app(), 'l3big01', 'pm_card_visa');
    await runTo(at(1, 1));
    expect((await caseOf('l3big01')).status).toBe('recovered');
    const told = await app().repositories.notifications.list('carlos');
    expect(told[0]).toMatchObject({
      approvalId: approval!.id,
      body: expect.stringContaining('Recovered: Customer l3big01 paid') as string,
    });
    // Sam was asked but did not decide: not told.
    expect((await app().repositories.notifications.list('sam')).some((n) => n.body.includes('Recovered:'))).toBe(false);
  });
});

/**
 * The recovery scenario's second part (issue 13), written against the same driver as the first
 * (recovery-scenario-script.ts): six customers billed on 2026-03-01 and ten days of recovery in
 * which money decisions are made and carried out. A $12,000 escalation decided by consensus and
 * carried out; a paid invoice whose charge is disputed (a case opens); a Stripe dispute webhook
 * on an open case (it joins the run, retries end); a hard decline on the day-3 retry (escalated at
 * once, no day-7 retry); the final attempt failing after an earlier escalation (asked again, and
 * the write-off carried out); a $28,000 enterprise customer whose suspension waits for the board
 * and the CEO. Checks charges, approvals, the case's decision in words, the audit log's money
 * entries, the "handed to a person" count and who is told of a recovery.
 */
import { expect } from 'vitest';
import { BILLED_AT, DAY, HOUR, invoiceOf, recoveryApprovals } from './billing-scenario.ts';
import type { ScenarioDriver } from './recovery-scenario-script.ts';
import {
  STOLEN,
  cardBecomes,
  chargeIdOf,
  chargesOf,
  moneyAuditOf,
  seedMoneyCustomers,
  sendDispute,
} from './money-scenario.ts';

export const MONEY_SCENARIO_CUSTOMERS = ['l3big01', 'ent28', 'hard3d01', 'dispw01', 'final01', 'paid01'] as const;

const at = (days: number, hours = 0) => BILLED_AT + days * DAY + hours * HOUR;
/** Who holds each role in the default directory. */
const HOLDER: Record<string, string> = { cfo: 'carlos', ceo: 'olivia', customer_success_manager: 'sam' };

export type MoneyScenarioDriver = Pick<ScenarioDriver, 'app' | 'call' | 'runTo' | 'settle'>;

export async function seedMoneyScenario(app: ScenarioDriver['app']): Promise<void> {
  await seedMoneyCustomers(app, MONEY_SCENARIO_CUSTOMERS);
}

export async function playMoneyScenario(d: MoneyScenarioDriver): Promise<void> {
  const { app } = d;
  const approvals = (id: string) => recoveryApprovals(app, id);
  const caseOf = async (id: string) => (await app.billing.records.getCase(invoiceOf(id)))!;
  const invoiceStatus = async (id: string) => (await app.domain.queries.getInvoice(invoiceOf(id)))!.status;
  const access = async (id: string) => (await app.billing.entitlement(id))!.access;
  const decide = async (approvalId: string, by: string[], verdict: 'approve' | 'reject', choice?: string) => {
    for (const person of by)
      await app.approvals.decide({
        approvalId,
        by: person,
        verdict,
        channel: 'dashboard',
        ...(choice ? { choice } : {}),
        ...(verdict === 'reject' ? { reason: 'leave it to the schedule' } : {}),
      });
    await d.settle();
  };

  // Day 0: five charges fail; the $12,000 and the $28,000 invoices go to people at once.
  await d.runTo(at(0, 0.1));
  expect(await chargesOf(app, 'paid01')).toEqual(['paid']);
  for (const id of ['l3big01', 'ent28', 'hard3d01', 'dispw01'])
    expect(await chargesOf(app, id)).toEqual(['insufficient_funds']);
  expect(await chargesOf(app, 'final01')).toEqual(['try_again_later']);
  const [big] = await approvals('l3big01');
  expect(big).toMatchObject({ level: 3, kind: 'consensus', status: 'pending' });
  expect(big!.requirements).toContain('cfo');
  const [ent] = await approvals('ent28');
  expect(ent).toMatchObject({ level: 3, requirements: ['board', 'ceo'] });
  for (const id of ['hard3d01', 'dispw01', 'final01']) expect(await approvals(id)).toEqual([]);
  expect((await app.billing.metrics()).waitingForPerson).toBe(2);

  // The $12,000 escalation, decided by consensus and carried out: the funds are there now, both choose "retry now".
  await cardBecomes(app, 'l3big01', 'pm_card_visa');
  const deciders = big!.requirements.map((role) => HOLDER[role]!);
  await decide(big!.id, deciders.slice(0, 1), 'approve', 'retry_now');
  expect(await chargesOf(app, 'l3big01')).toEqual(['insufficient_funds']);
  await decide(big!.id, deciders.slice(1), 'approve', 'retry_now');
  expect(await chargesOf(app, 'l3big01')).toEqual(['insufficient_funds', 'paid']);
  expect(await caseOf('l3big01')).toMatchObject({
    status: 'recovered',
    recoveredBy: 'manual_retry',
    lastDecision: { outcome: 'carried_out' },
  });
  expect((await caseOf('l3big01')).lastDecision!.summary).toMatch(
    /chose "Retry the charge now": carried out; the charge was paid$/,
  );
  for (const person of deciders) {
    const told = await app.repositories.notifications.list(person);
    expect(
      told.some((n) => n.body.includes('Recovered: Customer l3big01 paid')),
      person,
    ).toBe(true);
  }
  await decide(ent!.id, ['bianca'], 'reject');
  expect((await caseOf('ent28')).lastDecision).toMatchObject({ outcome: 'rejected' });
  expect((await app.billing.metrics()).waitingForPerson).toBe(0);

  // paid01's charge is disputed: the paid invoice gets a recovery case, and its CSM is asked.
  await sendDispute(d, await chargeIdOf(app, 'paid01', 1), 9_900);
  expect(await caseOf('paid01')).toMatchObject({ status: 'open', disputed: true, declineType: 'hard' });
  const [paidDispute] = await approvals('paid01');
  expect(paidDispute).toMatchObject({ requirements: ['customer_success_manager'], status: 'pending' });
  await decide(paidDispute!.id, ['sam'], 'reject');

  // Day 1: the retries fail.
  await d.runTo(at(1, 1));
  for (const id of ['hard3d01', 'dispw01', 'ent28'])
    expect(await chargesOf(app, id)).toEqual(['insufficient_funds', 'insufficient_funds']);

  // Day 2: Stripe reports a dispute on dispw01's first charge while its case is open: the run is told, and asks sam.
  await d.runTo(at(2));
  await sendDispute(d, await chargeIdOf(app, 'dispw01', 1), 9_900);
  expect((await caseOf('dispw01')).disputed).toBe(true);
  const [joined] = await approvals('dispw01');
  expect(joined?.recommendation?.summary).toContain('the charge is disputed');
  const dispwRuns = (await app.engine.listRuns({ workflow: 'billing.recovery', limit: 100 })).filter(
    (r) => (r.input as { invoiceId: string }).invoiceId === invoiceOf('dispw01'),
  );
  expect(dispwRuns).toHaveLength(1);
  await decide(joined!.id, ['sam'], 'approve', 'extend_grace');

  // Day 3: hard3d01's card was reported stolen; the retry is hard-declined and goes to sam at once.
  await cardBecomes(app, 'hard3d01', STOLEN);
  await d.runTo(at(3, 1));
  expect(await chargesOf(app, 'hard3d01')).toEqual(['insufficient_funds', 'insufficient_funds', 'stolen_card']);
  const [hard] = await approvals('hard3d01');
  const hardWhy = hard!.recommendation?.summary ?? '';
  expect(hardWhy).toContain('the card was hard-declined');
  expect(hardWhy).toContain('Decline: stolen_card');
  // The day-1 email went out through SMTP, so the card is true to say so.
  expect(hardWhy).toContain('the customer has been asked to update it');
  await decide(hard!.id, ['sam'], 'reject');
  expect(await chargesOf(app, 'dispw01')).toEqual(['insufficient_funds', 'insufficient_funds']);
  const [finalFirst] = await approvals('final01');
  expect(finalFirst?.requirements).toEqual(['customer_success_manager']);
  await decide(finalFirst!.id, ['tara'], 'reject');
  const entSecond = (await approvals('ent28'))[1];
  await decide(entSecond!.id, ['bianca'], 'reject');

  // Day 7: final01's final attempt fails: tara is asked again and writes the invoice off.
  // ent28's suspension waits for the board and the CEO, who approve it.
  await d.runTo(at(7, 1));
  expect(await chargesOf(app, 'final01')).toEqual(Array(4).fill('try_again_later'));
  const finalSecond = (await approvals('final01'))[1];
  expect(finalSecond?.recommendation?.summary).toContain('the final automatic attempt failed');
  await decide(finalSecond!.id, ['tara'], 'approve', 'write_off');
  expect(await invoiceStatus('final01')).toBe('uncollectible');
  expect(await access('final01')).toBe('none');
  expect((await caseOf('final01')).lastDecision?.summary).toBe(
    'Tara Torres chose "Write the invoice off": carried out; the invoice is written off and full access restored',
  );
  expect(await access('ent28')).toBe('rate_limited');
  const suspend = (await approvals('ent28')).find((a) => a.actionId.endsWith(':suspend'));
  expect(suspend).toMatchObject({ status: 'pending', level: 3, requirements: ['board', 'ceo'] });
  await decide(suspend!.id, ['bianca', 'olivia'], 'approve');
  expect(await access('ent28')).toBe('suspended');
  const entFinal = (await approvals('ent28')).at(-1);
  expect(entFinal?.recommendation?.summary).toContain('the final automatic attempt failed');
  await decide(entFinal!.id, ['bianca'], 'reject');
  expect(await chargesOf(app, 'hard3d01')).toHaveLength(3);

  await d.runTo(at(9, 23));
  expect(await chargesOf(app, 'hard3d01')).toHaveLength(3);
  expect(await chargesOf(app, 'dispw01')).toHaveLength(2);
  const metrics = await app.billing.metrics();
  expect(metrics).toMatchObject({
    cases: 6,
    open: 4,
    recovered: 1,
    writtenOff: 1,
    waitingForPerson: 0,
    amounts: { atRiskCents: 2_800_000 + 3 * 9_900, recoveredCents: 1_200_000, writtenOffCents: 9_900 },
  });

  // The audit log's report of final01's money, in order.
  const money = (await moneyAuditOf(app, 'final01')).map((e) => {
    const data = e.data as { outcome?: string; restriction?: string };
    return [e.kind, data.outcome ?? data.restriction ?? null];
  });
  expect(money).toEqual([
    ['charge_attempted', 'declined'],
    ['charge_attempted', 'declined'],
    ['charge_attempted', 'declined'],
    ['access_restricted', 'rate_limited'],
    ['charge_attempted', 'declined'],
    ['access_restricted', 'suspended'],
    ['invoice_written_off', null],
    ['access_restored', null],
  ]);
}

/**
 * The recovery scenario from issue 7, written once against a driver so it runs in-process on a
 * manual clock (every store) and across worker processes that are killed midway. A billing day on
 * which 24 of 32 invoices fail (soft and hard declines, disputes, an enterprise customer, a $2,400
 * invoice), then ten days of recovery. Checks each invoice's exact charges, the emails a real SMTP
 * server received, the text messages captured in the local outbox, the approvals and who they went to, entitlements on the days the
 * policy names, restorations, and the final metrics.
 */
import type { ParsedMail } from 'mailparser';
import { expect } from 'vitest';
import type { App } from '../../src/app/create-app.ts';
import type { CallOptions, Creds } from './api-bed.ts';
import {
  BILLED_AT,
  DAY,
  HOUR,
  cardStartsWorking,
  invoiceOf,
  recoveryApprovals,
  scenarioCustomers,
  type Group,
} from './billing-scenario.ts';
import type { TestSmtp } from './smtp-server.ts';

export interface ScenarioDriver {
  app: App;
  smtp: TestSmtp;
  call(method: string, path: string, options?: CallOptions): Promise<Response>;
  key(role: string): Promise<Creds>;
  /** Moves time to `t`, stopping at every due timer and cron slot, with all work done there. */
  runTo(t: number): Promise<void>;
  /** Waits until everything runnable now is done (after a decision or an API call). */
  settle(): Promise<void>;
  /** False where a killed process may have sent an email whose step was not yet recorded (same Message-ID resent). */
  emailExactlyOnce: boolean;
}

const customers = scenarioCustomers();
const ids = (group: Group) => customers.filter((c) => c.group === group).map((c) => c.id);
const at = (days: number, hours = 0) => BILLED_AT + days * DAY + hours * HOUR;
const addressOf = (m: ParsedMail): string => (m.to && !Array.isArray(m.to) ? (m.to.value[0]?.address ?? '') : '');

export async function playRecoveryScenario(d: ScenarioDriver): Promise<void> {
  const viewer = await d.key('viewer');
  const runTo = (t: number) => d.runTo(t);
  const charges = async (customerId: string) =>
    (await d.app.billing.sandboxLedger.chargesFor(invoiceOf(customerId))).map((c) =>
      c.result.status === 'succeeded' ? (c.result.disputed ? 'disputed' : 'paid') : c.result.declineCode,
    );
  const access = async (customerId: string) => {
    const res = await d.call('GET', `/v1/entitlements/${customerId}`, { as: viewer });
    expect(res.status).toBe(200);
    return ((await res.json()) as { access: string }).access;
  };
  const decide = async (
    customerId: string,
    index: number,
    by: string[],
    verdict: 'approve' | 'reject',
    choice?: string,
  ) => {
    const approval = (await recoveryApprovals(d.app, customerId))[index];
    expect(approval, `approval ${index} of ${customerId}`).toBeDefined();
    for (const person of by) {
      await d.app.approvals.decide({
        approvalId: approval!.id,
        by: person,
        verdict,
        channel: 'dashboard',
        ...(choice ? { choice } : {}),
        ...(verdict === 'reject' ? { reason: 'leave it to the schedule' } : {}),
      });
    }
    await d.settle();
  };

  const app = d.app;
  // Day 0: the daily schedule starts every cycle; 24 of 32 charges fail.
  await runTo(at(0, 0.1));
  const failed = customers.filter((c) => c.group !== 'ok');
  for (const c of customers)
    expect(await charges(c.id), c.id).toEqual([
      c.group === 'ok'
        ? 'paid'
        : c.group === 'dispute'
          ? 'disputed'
          : c.group === 'hardD'
            ? 'stolen_card'
            : c.group === 'softC'
              ? 'try_again_later'
              : 'insufficient_funds',
    ]);
  expect((await app.billing.records.listCases()).length).toBe(failed.length);

  // Escalated at once: hard declines and disputes to the customer's CSM, the enterprise customer ($5,200) to the CEO and CFO,
  // the $2,400 invoice to finance and the CSM. Soft declines of small invoices are not escalated yet.
  for (const id of [...ids('hardD'), ...ids('dispute')])
    expect((await recoveryApprovals(app, id)).map((a) => a.requirements)).toEqual([['customer_success_manager']]);
  expect((await recoveryApprovals(app, 'ent01')).map((a) => a.requirements)).toEqual([['ceo', 'cfo']]);
  expect((await recoveryApprovals(app, 'big01')).map((a) => a.requirements)).toEqual([
    ['finance_manager', 'customer_success_manager'],
  ]);
  for (const id of [...ids('softA'), ...ids('softB'), ...ids('softC')])
    expect(await recoveryApprovals(app, id)).toEqual([]);
  // An approval without a choice cannot carry out anything.
  const [hd1] = ids('hardD');
  await expect(
    app.approvals.decide({
      approvalId: (await recoveryApprovals(app, hd1!))[0]!.id,
      by: 'sam',
      verdict: 'approve',
      channel: 'dashboard',
    }),
  ).rejects.toMatchObject({ code: 'CHOICE_REQUIRED' });

  const [d1, d2, d3, d4] = ids('hardD') as [string, string, string, string];
  const [e1, e2] = ids('dispute') as [string, string];
  await decide(d1, 0, ['sam'], 'approve', 'write_off');
  await decide(d2, 0, ['sam'], 'approve', 'suspend');
  await decide(d3, 0, ['sam'], 'approve', 'extend_grace');
  await decide(d4, 0, ['sam'], 'reject');
  await decide(e1, 0, ['sam'], 'approve', 'write_off');
  await decide(e2, 0, ['sam'], 'reject');
  await cardStartsWorking(app, ['ent01']);
  await decide('ent01', 0, ['olivia', 'carlos'], 'approve', 'retry_now');
  await decide('big01', 0, ['fiona', 'sam'], 'approve', 'retry_now');
  expect(await charges('ent01')).toEqual(['insufficient_funds', 'paid']);
  expect(await charges('big01')).toEqual(['insufficient_funds', 'insufficient_funds']);
  expect(await access(d2)).toBe('suspended');
  expect(await access(d1)).toBe('none');
  expect((await app.domain.queries.getInvoice(invoiceOf(d1)))!.status).toBe('uncollectible');
  expect((await app.domain.queries.getInvoice(invoiceOf('ent01')))!.status).toBe('paid');

  // Day 1: soft group A's cards work again and the day-1 retry collects; big01's retry fails a third time in a row.
  await runTo(at(0, 12));
  await cardStartsWorking(app, ids('softA'));
  await runTo(at(1, 1));
  for (const id of ids('softA')) expect(await charges(id)).toEqual(['insufficient_funds', 'paid']);
  expect((await recoveryApprovals(app, 'big01')).length).toBe(2);
  await decide('big01', 1, ['fiona'], 'reject');

  // Day 2: group B's cards recover silently; d4 updates the card through the API and is charged at once.
  await runTo(at(2));
  await cardStartsWorking(app, [...ids('softB'), 'big01']);
  const ingest = await d.key('ingest');
  const put = await d.call('PUT', `/api/billing/customers/${d4}/payment-method`, {
    as: ingest,
    json: { paymentMethod: 'pm_card_visa' },
  });
  expect(put.status).toBe(200);
  await d.settle();
  expect(await charges(d4)).toEqual(['stolen_card', 'paid']);
  expect(await access(d4)).toBe('none');

  // Day 3: group B and big01 collect; group C fails the third time in a row and goes to its CSM.
  await runTo(at(3, 1));
  for (const id of ids('softB'))
    expect(await charges(id)).toEqual(['insufficient_funds', 'insufficient_funds', 'paid']);
  expect(await charges('big01')).toEqual(['insufficient_funds', 'insufficient_funds', 'insufficient_funds', 'paid']);
  const [c1, c2, c3, c4] = ids('softC') as [string, string, string, string];
  for (const id of ids('softC'))
    expect((await recoveryApprovals(app, id)).map((a) => a.requirements)).toEqual([['customer_success_manager']]);
  await decide(c1, 0, ['tara'], 'approve', 'suspend');
  await decide(c2, 0, ['tara'], 'reject');
  await decide(c3, 0, ['tara'], 'approve', 'extend_grace');
  await decide(c4, 0, ['tara'], 'approve', 'retry_now');
  expect(await access(c1)).toBe('suspended');
  for (const id of [c2, c3, c4, e2]) expect(await access(id)).toBe('none');

  // Days 4-6 rate-limited, day 7 suspended — except where a person extended the grace period.
  await runTo(at(4, 1));
  for (const id of [c2, c4, e2]) expect(await access(id)).toBe('rate_limited');
  for (const id of [c3, d3]) expect(await access(id)).toBe('none');
  await runTo(at(7, 1));
  for (const id of [c2, c4, e2]) expect(await access(id)).toBe('suspended');
  await runTo(at(9, 23));

  expect(await charges(c1)).toEqual(Array(3).fill('try_again_later'));
  expect(await charges(c2)).toEqual(Array(4).fill('try_again_later'));
  expect(await charges(c3)).toEqual(Array(3).fill('try_again_later'));
  expect(await charges(c4)).toEqual(Array(5).fill('try_again_later'));
  for (const id of [d1, d2, d3]) expect(await charges(id)).toEqual(['stolen_card']);
  for (const id of [e1, e2]) expect(await charges(id)).toEqual(['disputed']);
  for (const c of customers
    .filter((x) => ['ok', 'softA', 'softB', 'enterprise', 'big'].includes(x.group))
    .concat(customers.filter((x) => x.id === d4))) {
    expect(await access(c.id), c.id).toBe('none');
    expect((await app.domain.queries.getInvoice(invoiceOf(c.id)))!.status, c.id).toBe('paid');
  }

  // SMS: with no provider configured, the day-7 final notice is captured in the local outbox, never dropped.
  for (const id of [c2, c4, e2]) {
    const sms = (await app.billing.records.messages(invoiceOf(id))).filter((m) => m.channel === 'sms');
    expect(sms).toEqual([
      expect.objectContaining({
        day: 7,
        template: 'final_notice',
        status: 'captured_locally',
        detail: expect.stringContaining('(no SMS provider configured)') as string,
      }),
    ]);
    const captured = await app.repositories.customerOutbox.list({ customerId: id });
    expect(
      captured.map((m) => [m.channel, m.template, m.recipient]),
      id,
    ).toEqual([['sms', 'final_notice', customers.find((c) => c.id === id)!.input.phone]]);
    expect(captured[0]!.text).toMatch(/^Final notice: invoice .* is 7 days overdue/);
  }

  // Emails, as the SMTP server received them, per customer in order.
  const FAILED = 'Payment of';
  const expected: Record<string, string[]> = {};
  for (const id of ids('ok')) expected[id] = ['Invoice'];
  for (const id of ids('softA')) expected[id] = ['Invoice', 'Payment received'];
  for (const id of [...ids('softB'), 'big01']) expected[id] = ['Invoice', FAILED, 'Payment received'];
  expected.ent01 = ['Invoice', 'Payment received'];
  expected[c1] = ['Invoice', FAILED];
  expected[c3] = ['Invoice', FAILED, 'Reminder'];
  for (const id of [c2, c4, e2]) expected[id] = ['Invoice', FAILED, 'Reminder', 'Final notice'];
  for (const id of [d1, d2, e1]) expected[id] = ['Invoice'];
  expected[d3] = ['Invoice', FAILED];
  expected[d4] = ['Invoice', FAILED, 'Payment received'];
  const total = Object.values(expected).reduce((n, list) => n + list.length, 0);
  const customerMail = () => d.smtp.messages.filter((m) => addressOf(m).endsWith('@customers.test'));
  // Parsing lags the SMTP acceptance a little; every delivery step has finished by now.
  const deadline = Date.now() + 10_000;
  while (new Set(customerMail().map((m) => m.messageId)).size < total && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 20));
  const seen = new Set<string>();
  const byCustomer = new Map<string, string[]>();
  for (const m of customerMail()) {
    expect(m.messageId, 'every email carries the Message-ID of its delivery step').toMatch(/@psizero\.billing>$/);
    if (seen.has(m.messageId!)) {
      // Only a crash between the SMTP answer and the step's commit resends, and then with the same Message-ID.
      expect(d.emailExactlyOnce, `email ${m.messageId} delivered twice`).toBe(false);
      continue;
    }
    seen.add(m.messageId!);
    const id = addressOf(m).split('@')[0]!;
    byCustomer.set(id, [...(byCustomer.get(id) ?? []), m.subject ?? '']);
  }
  for (const [id, prefixes] of Object.entries(expected)) {
    const subjects = byCustomer.get(id) ?? [];
    expect(subjects.length, `${id}: ${subjects.join(' | ')}`).toBe(prefixes.length);
    prefixes.forEach((p, i) => expect(subjects[i], id).toMatch(new RegExp(`^${p}`)));
  }
  const failure = customerMail().find((m) => m.subject?.startsWith(FAILED) && addressOf(m) === `${c2}@customers.test`);
  expect(failure?.text).toContain(`https://pay.psizero.test/card/${c2}`);

  // Every invoice that got paid published `invoice.paid` exactly once; a disputed charge paid nothing.
  const paid = customers
    .filter((c) => ['ok', 'softA', 'softB', 'enterprise', 'big'].includes(c.group))
    .map((c) => invoiceOf(c.id))
    .concat(invoiceOf(d4));
  expect((await d.app.domain.queries.getInvoice(invoiceOf(e2)))!.status).toBe('open');
  expect((await d.app.domain.queries.getInvoice(invoiceOf(e1)))!.status).toBe('uncollectible');
  const events = await d.app.engine.store.listEvents(0, 100_000);
  const paidEvents = events
    .filter((e) => e.topic === 'invoice.paid')
    .map((e) => (e.payload as { invoiceId?: string; id?: string }).invoiceId ?? (e.payload as { id?: string }).id);
  expect([...paidEvents].sort()).toEqual([...paid].sort());

  // The metrics, through the API.
  const res = await d.call('GET', '/api/billing/recovery', { as: viewer });
  expect(res.status).toBe(200);
  const { metrics } = (await res.json()) as { metrics: Record<string, unknown> };
  expect(metrics).toMatchObject({
    cases: 24,
    open: 7,
    recovered: 15,
    writtenOff: 2,
    unrecovered: 0,
    recoveryRate: 0.625,
    escalated: 12,
    byMethod: { automatic_retry: 13, manual_retry: 1, card_update: 1 },
    retention: { recovered: 15, retained: 15, rate: 1 },
    precedingMessage: [
      { message: 'payment_failure_notification', recovered: 8 },
      { message: 'none', recovered: 7 },
    ],
    timeToRecoveryHours: { median: 48 },
  });
  expect((metrics.byAttempt as { attempt: number; recovered: number }[]).map((a) => [a.attempt, a.recovered])).toEqual([
    [1, 0],
    [2, 8],
    [3, 6],
    [4, 1],
    [5, 0],
  ]);
}

/**
 * An invoice paid outside its recovery run (a bank transfer recorded through ingestion): the run
 * closes the case at once, restores access and never charges again, whether it was waiting for a
 * retry day, had already restricted access, or was waiting for a person's decision.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/lib/clock.ts';
import { createApiBed, type ApiBed } from '../../helpers/api-bed.ts';
import {
  BILLED_AT,
  DAY,
  HOUR,
  SCENARIO_CONFIG,
  invoiceOf,
  recoveryApprovals,
  scenarioCustomers,
  seedScenario,
} from '../../helpers/billing-scenario.ts';
import { startSmtpServer, type TestSmtp } from '../../helpers/smtp-server.ts';
import { databaseFactories } from '../../helpers/databases.ts';

describe.each(databaseFactories())('a payment made outside the recovery run on $name', (factory) => {
  let bed: ApiBed;
  let smtp: TestSmtp;

  beforeEach(async () => {
    smtp = await startSmtpServer();
    bed = await createApiBed(factory, { clock: new ManualClock(BILLED_AT - HOUR), config: SCENARIO_CONFIG(smtp.port) });
    await seedScenario(
      bed.app,
      scenarioCustomers().filter((c) => ['softa01', 'hardd01', 'big01'].includes(c.id)),
    );
    await bed.app.engine.runUntil(BILLED_AT + HOUR);
  }, 60_000);

  afterEach(async () => {
    await bed?.close();
    await smtp?.close();
  });

  const charges = async (customerId: string) =>
    (await bed.app.billing.sandboxLedger.chargesFor(invoiceOf(customerId))).length;

  async function payByBankTransfer(customerId: string): Promise<void> {
    const invoice = (await bed.app.domain.queries.getInvoice(invoiceOf(customerId)))!;
    const report = await bed.app.domain.ingest.ingest('payments', [
      {
        id: `pay_bank_${customerId}`,
        invoiceId: invoice.id,
        customerId,
        attemptedAt: bed.app.engine.clock.now(),
        amountCents: invoice.totalCents,
        currency: invoice.currency,
        status: 'succeeded',
        attemptNumber: 99,
      },
    ]);
    expect(report.rejected).toBe(0);
    await bed.app.engine.drain();
  }

  async function recoveryRun(customerId: string) {
    const runs = await bed.app.engine.listRuns({ workflow: 'billing.recovery', limit: 50 });
    return runs.find((r) => (r.input as { customerId: string }).customerId === customerId)!;
  }

  it('while waiting for a retry day: closes the case, thanks the customer, and never retries', async () => {
    expect(await charges('softa01')).toBe(1);
    await payByBankTransfer('softa01');
    expect(await bed.app.billing.records.getCase(invoiceOf('softa01'))).toMatchObject({
      status: 'recovered',
      recoveredBy: 'outside_payment',
      restriction: 'none',
    });
    expect((await recoveryRun('softa01')).status).toBe('completed');
    await bed.app.engine.runUntil(BILLED_AT + 9 * DAY);
    expect(await charges('softa01')).toBe(1);
    const subjects = smtp.messages
      .filter((m) => m.to && !Array.isArray(m.to) && m.to.value[0]?.address === 'softa01@customers.test')
      .map((m) => m.subject);
    expect(subjects.map((s) => s?.split(' ')[0])).toEqual(['Invoice', 'Payment']);
    expect((await bed.app.billing.metrics()).byMethod.outside_payment).toBe(1);
  });

  it('with access already rate-limited: restores it the moment the payment is recorded', async () => {
    await bed.app.engine.runUntil(BILLED_AT + 5 * DAY);
    expect((await bed.app.billing.entitlement('hardd01'))?.access).toBe('rate_limited');
    await payByBankTransfer('hardd01');
    expect((await bed.app.billing.entitlement('hardd01'))?.access).toBe('none');
    expect((await bed.app.domain.queries.getCustomer('hardd01'))?.status).toBe('active');
    await bed.app.engine.runUntil(BILLED_AT + 9 * DAY);
    expect((await bed.app.billing.entitlement('hardd01'))?.access).toBe('none');
    expect((await recoveryRun('hardd01')).status).toBe('completed');
  });

  it('while a person is deciding: the approved choice (suspend) no longer applies', async () => {
    const [approval] = await recoveryApprovals(bed.app, 'big01');
    expect(approval?.status).toBe('pending');
    await payByBankTransfer('big01');
    // The run is inside the gate and missed the news; the decision finds the invoice paid.
    for (const person of ['fiona', 'sam'])
      await bed.app.approvals.decide({
        approvalId: approval!.id,
        by: person,
        verdict: 'approve',
        channel: 'dashboard',
        choice: 'suspend',
      });
    await bed.app.engine.drain();
    expect(await charges('big01')).toBe(1);
    expect(await bed.app.billing.records.getCase(invoiceOf('big01'))).toMatchObject({
      status: 'recovered',
      recoveredBy: 'outside_payment',
    });
    expect((await bed.app.billing.entitlement('big01'))?.access).toBe('none');
    expect((await recoveryRun('big01')).status).toBe('completed');
  });
});

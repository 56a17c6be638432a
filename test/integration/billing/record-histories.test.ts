/**
 * Re-records the billing history fixtures (test/fixtures/histories) of the current workflow
 * versions: plays the recovery scenario (test/helpers/recovery-scenario-script.ts, with all its
 * checks) on SQLite, pays one disputed invoice by bank transfer so an outside payment reaches a
 * waiting run, plays the scenario's money decisions (recovery-scenario-money.ts) in a second
 * database, then captures the runs listed below with `recordHistory`. Skipped unless asked, because a fixture is re-recorded
 * deliberately, never as a side effect of a test run:
 *
 *   PSIZERO_RECORD_HISTORIES=1 npx vitest run test/integration/billing/record-histories.test.ts
 *
 * A workflow change that breaks the replay of a fixture would break runs in flight: bump the
 * workflow's version (and keep the old one registered) rather than re-recording over it.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import prettier from 'prettier';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../../src/app/create-app.ts';
import { recordHistory, replayHistory } from '../../../src/engine/index.ts';
import { ManualClock } from '../../../src/lib/clock.ts';
import { createApiBed, type ApiBed } from '../../helpers/api-bed.ts';
import { HISTORIES_DIR, readHistoryFixtures, type HistoryFixture } from '../../helpers/billing-histories.ts';
import {
  BILLED_AT,
  HOUR,
  SCENARIO_CONFIG,
  invoiceOf,
  scenarioCustomers,
  seedScenario,
} from '../../helpers/billing-scenario.ts';
import { WEBHOOK_SECRET } from '../../helpers/money-scenario.ts';
import { playMoneyScenario, seedMoneyScenario } from '../../helpers/recovery-scenario-money.ts';
import { playRecoveryScenario } from '../../helpers/recovery-scenario-script.ts';
import { startSmtpServer, type TestSmtp } from '../../helpers/smtp-server.ts';
import { sqliteFactory } from '../../helpers/databases.ts';

interface Wanted {
  file: string;
  /** The bed the run was recorded in: the first part of the scenario, or its money decisions. */
  bed: 'first' | 'money';
  workflow: string;
  about: string;
  /** Which of the workflow's runs: by its input. */
  pick(input: Record<string, unknown>): boolean;
}

const byInvoice = (customerId: string) => (input: Record<string, unknown>) => input.invoiceId === invoiceOf(customerId);
const byCustomer = (customerId: string) => (input: Record<string, unknown>) => input.customerId === customerId;

/**
 * The runs recorded at the workflows' current versions. Fixtures of older versions (the
 * `billing.recovery--*` and `billing.cycle--*` files of version 1) are not re-recorded: they are
 * what runs in flight look like, and keep replaying against the version still registered for them.
 */
const WANTED: Wanted[] = [
  {
    file: 'billing.daily--billing-day.json',
    bed: 'first',
    workflow: 'billing.daily',
    about: 'The 2026-03-01 slot starts the cycles of the 32 customers billed that day.',
    pick: (input) => input.day === '2026-03-01',
  },
  {
    file: 'billing.cycle.v2--paid.json',
    bed: 'first',
    workflow: 'billing.cycle',
    about:
      'A cycle that invoices, emails the invoice and is paid by the first charge, made as a Level 1 action through the gate.',
    pick: byCustomer('ok01'),
  },
  {
    file: 'billing.cycle.v2--declined.json',
    bed: 'first',
    workflow: 'billing.cycle',
    about: 'A cycle whose charge (through the gate) is declined (insufficient funds) and which starts the recovery.',
    pick: byCustomer('softa01'),
  },
  {
    file: 'billing.recovery.v2--automatic-retry.json',
    bed: 'first',
    workflow: 'billing.recovery',
    about: 'A soft decline recovered by the day-1 automatic retry, without a person.',
    pick: byInvoice('softa01'),
  },
  {
    file: 'billing.recovery.v2--escalated-retry-now.json',
    bed: 'first',
    workflow: 'billing.recovery',
    about: 'An enterprise invoice escalated at once to the CEO and finance, who choose "retry now"; it is paid.',
    pick: byInvoice('ent01'),
  },
  {
    file: 'billing.recovery.v2--card-update.json',
    bed: 'first',
    workflow: 'billing.recovery',
    about:
      'A stolen card escalated at once; the person leaves it to the schedule; on day 2 the customer updates the card and the run charges it at once.',
    pick: byInvoice('hardd04'),
  },
  {
    file: 'billing.recovery.v2--two-escalations.json',
    bed: 'first',
    workflow: 'billing.recovery',
    about:
      'A $2,400 invoice escalated at once ("retry now" fails), escalated again at the third failure in a row (rejected), paid by the day-3 retry.',
    pick: byInvoice('big01'),
  },
  {
    file: 'billing.recovery.v2--written-off.json',
    bed: 'first',
    workflow: 'billing.recovery',
    about: 'A stolen card escalated at once; the person writes the invoice off.',
    pick: byInvoice('hardd01'),
  },
  {
    file: 'billing.recovery.v2--suspended-by-schedule.json',
    bed: 'first',
    workflow: 'billing.recovery',
    about:
      'Three soft declines in a row, escalated on day 3 and rejected; rate-limited on day 4, suspended with the final notice on day 7; the final attempt failed, so a person is asked again (nobody decides in time); waiting for its deadline.',
    pick: byInvoice('softc02'),
  },
  {
    file: 'billing.recovery.v2--grace-extended.json',
    bed: 'first',
    workflow: 'billing.recovery',
    about: 'Escalated on day 3; the person extends the grace period, so the later steps move a week; still waiting.',
    pick: byInvoice('softc03'),
  },
  {
    file: 'billing.recovery.v2--paid-outside.json',
    bed: 'first',
    workflow: 'billing.recovery',
    about:
      'A disputed charge escalated and rejected, suspended on day 7, then paid by bank transfer while waiting: the case closes outside the run.',
    pick: byInvoice('disp02'),
  },
  {
    file: 'billing.recovery.v2--level3-consensus.json',
    bed: 'money',
    workflow: 'billing.recovery',
    about:
      'A $12,000 invoice escalated at once as a Level 3 decision; both approvers choose "retry now" and the run carries it out: paid.',
    pick: byInvoice('l3big01'),
  },
  {
    file: 'billing.recovery.v2--dispute-opened.json',
    bed: 'money',
    workflow: 'billing.recovery',
    about: 'A paid invoice whose charge Stripe reports disputed: the dispute starts this run, which escalates at once.',
    pick: byInvoice('paid01'),
  },
  {
    file: 'billing.recovery.v2--dispute-joined.json',
    bed: 'money',
    workflow: 'billing.recovery',
    about:
      'A soft decline; on day 2 a Stripe dispute webhook joins the waiting run, which escalates (extend grace) and never retries again.',
    pick: byInvoice('dispw01'),
  },
  {
    file: 'billing.recovery.v2--hard-decline-day3.json',
    bed: 'money',
    workflow: 'billing.recovery',
    about: 'The day-3 retry is hard-declined (stolen card): escalated at once (rejected), no day-7 retry.',
    pick: byInvoice('hard3d01'),
  },
  {
    file: 'billing.recovery.v2--final-attempt-escalated.json',
    bed: 'money',
    workflow: 'billing.recovery',
    about:
      'Escalated on day 3 and rejected; the day-7 final attempt fails, so the person is asked again and writes the invoice off.',
    pick: byInvoice('final01'),
  },
  {
    file: 'billing.recovery.v2--enterprise-suspension.json',
    bed: 'money',
    workflow: 'billing.recovery',
    about:
      'A $28,000 enterprise invoice: the day-7 suspension waits for the board and the CEO, who approve it (Level 3, carried out by the run).',
    pick: byInvoice('ent28'),
  },
  {
    file: 'billing.outside-payment--told-run.json',
    bed: 'first',
    workflow: 'billing.outside-payment',
    about: 'A bank transfer pays an invoice whose recovery is open: the run is told.',
    pick: byInvoice('disp02'),
  },
  {
    file: 'billing.outside-payment--nothing-to-tell.json',
    bed: 'first',
    workflow: 'billing.outside-payment',
    about: "PsiZero's own charge paid the invoice and closed its case first: nobody to tell.",
    pick: byInvoice('ok01'),
  },
  {
    file: 'billing.dispute--opened.json',
    bed: 'money',
    workflow: 'billing.dispute',
    about: 'A dispute on a paid invoice without a case: a recovery run starts, keyed by the invoice.',
    pick: byInvoice('paid01'),
  },
  {
    file: 'billing.dispute--joined.json',
    bed: 'money',
    workflow: 'billing.dispute',
    about: 'A dispute on an invoice with an open case: the case is marked disputed and the waiting run is told.',
    pick: byInvoice('dispw01'),
  },
  {
    file: 'billing.case-recovered--told.json',
    bed: 'money',
    workflow: 'billing.case-recovered',
    about: 'A case two people decided is paid: both are told on the dashboard.',
    pick: byInvoice('l3big01'),
  },
  {
    file: 'billing.case-recovered--nobody-decided.json',
    bed: 'first',
    workflow: 'billing.case-recovered',
    about: 'A case recovered by an automatic retry, which nobody was asked about: nobody to tell.',
    pick: byInvoice('softa01'),
  },
];

async function payByBankTransfer(app: App, customerId: string): Promise<void> {
  const invoice = (await app.domain.queries.getInvoice(invoiceOf(customerId)))!;
  const report = await app.domain.ingest.ingest('payments', [
    {
      id: `pay_bank_${customerId}`,
      invoiceId: invoice.id,
      customerId,
      attemptedAt: app.engine.clock.now(),
      amountCents: invoice.totalCents,
      currency: invoice.currency,
      status: 'succeeded',
      attemptNumber: 99,
    },
  ]);
  expect(report.rejected).toBe(0);
  await app.engine.drain();
}

describe.skipIf(!process.env.PSIZERO_RECORD_HISTORIES)('recording the billing history fixtures', () => {
  const beds: Partial<Record<Wanted['bed'], ApiBed>> = {};
  let smtp: TestSmtp;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    const open = () =>
      createApiBed(sqliteFactory, {
        clock: new ManualClock(BILLED_AT - HOUR),
        config: SCENARIO_CONFIG(smtp.port),
        stripeSecret: WEBHOOK_SECRET,
      });
    beds.first = await open();
    await seedScenario(beds.first.app, scenarioCustomers());
    beds.money = await open();
    await seedMoneyScenario(beds.money.app);
  }, 60_000);

  afterAll(async () => {
    for (const bed of Object.values(beds)) await bed.close();
    await smtp?.close();
  });

  it('plays the recovery scenario and writes one fixture per chosen run', async () => {
    const first = beds.first!;
    await playRecoveryScenario({
      app: first.app,
      smtp,
      call: (method, path, options) => first.call(method, path, options),
      key: (role) => first.key(role),
      runTo: (t) => first.app.engine.runUntil(t),
      settle: () => first.app.engine.drain(),
      emailExactlyOnce: true,
    });
    await payByBankTransfer(first.app, 'disp02');
    const money = beds.money!;
    await playMoneyScenario({
      app: money.app,
      call: (method, path, options) => money.call(method, path, options),
      runTo: (t) => money.app.engine.runUntil(t),
      settle: () => money.app.engine.drain(),
    });

    const wanted = new Set(WANTED.map((w) => w.file));
    for (const { file, fixture } of readHistoryFixtures()) {
      // Older versions stay as recorded: runs in flight still look like them.
      const current = Math.max(
        ...first.app.billing.workflows.filter((w) => w.name === fixture.history.workflow).map((w) => w.version),
      );
      if (fixture.history.version < current) continue;
      expect(wanted, `${file} is of the current version, so it must be one of the wanted fixtures`).toContain(file);
      rmSync(join(HISTORIES_DIR, file));
    }
    for (const w of WANTED) {
      const { app } = beds[w.bed]!;
      const runs = await app.engine.listRuns({ workflow: w.workflow, limit: 1_000 });
      const matching = runs.filter((r) => w.pick(r.input as Record<string, unknown>));
      expect(matching, w.file).toHaveLength(1);
      const history = await recordHistory(app.engine.store, matching[0]!.id);
      const definition = app.billing.workflows.find((d) => d.name === w.workflow && d.version === history.version)!;
      const { commands } = await replayHistory(definition, history);
      const fixture: HistoryFixture = { about: w.about, commands, history };
      const path = join(HISTORIES_DIR, w.file);
      // Written as Prettier would, so `npm test`'s format check passes on a fresh recording.
      const style = await prettier.resolveConfig(path);
      writeFileSync(path, await prettier.format(JSON.stringify(fixture), { ...style, filepath: path }));
    }
    expect(readHistoryFixtures().map((f) => f.file)).toEqual(expect.arrayContaining([...wanted]));
  }, 300_000);
});

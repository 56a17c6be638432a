/**
 * Re-records the billing history fixtures (test/fixtures/histories): plays the recovery scenario
 * (test/helpers/recovery-scenario-script.ts, with all its checks) on SQLite, pays one disputed
 * invoice by bank transfer so an outside payment reaches a waiting run, then captures the runs
 * listed below with `recordHistory`. Skipped unless asked, because a fixture is re-recorded
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
import { playRecoveryScenario } from '../../helpers/recovery-scenario-script.ts';
import { startSmtpServer, type TestSmtp } from '../../helpers/smtp-server.ts';
import { sqliteFactory } from '../../helpers/databases.ts';

interface Wanted {
  file: string;
  workflow: string;
  about: string;
  /** Which of the workflow's runs: by its input. */
  pick(input: Record<string, unknown>): boolean;
}

const byInvoice = (customerId: string) => (input: Record<string, unknown>) => input.invoiceId === invoiceOf(customerId);
const byCustomer = (customerId: string) => (input: Record<string, unknown>) => input.customerId === customerId;

const WANTED: Wanted[] = [
  {
    file: 'billing.daily--billing-day.json',
    workflow: 'billing.daily',
    about: 'The 2026-03-01 slot starts the cycles of the 32 customers billed that day.',
    pick: (input) => input.day === '2026-03-01',
  },
  {
    file: 'billing.cycle--paid.json',
    workflow: 'billing.cycle',
    about: 'A cycle that invoices, emails the invoice and is paid by the first charge.',
    pick: byCustomer('ok01'),
  },
  {
    file: 'billing.cycle--declined.json',
    workflow: 'billing.cycle',
    about: 'A cycle whose charge is declined (insufficient funds) and which starts the recovery.',
    pick: byCustomer('softa01'),
  },
  {
    file: 'billing.recovery--automatic-retry.json',
    workflow: 'billing.recovery',
    about: 'A soft decline recovered by the day-1 automatic retry, without a person.',
    pick: byInvoice('softa01'),
  },
  {
    file: 'billing.recovery--escalated-retry-now.json',
    workflow: 'billing.recovery',
    about: 'An enterprise invoice escalated at once to the CEO and finance, who choose "retry now"; it is paid.',
    pick: byInvoice('ent01'),
  },
  {
    file: 'billing.recovery--card-update.json',
    workflow: 'billing.recovery',
    about:
      'A stolen card escalated at once; the person leaves it to the schedule; on day 2 the customer updates the card and the run charges it at once.',
    pick: byInvoice('hardd04'),
  },
  {
    file: 'billing.recovery--two-escalations.json',
    workflow: 'billing.recovery',
    about:
      'A $2,400 invoice escalated at once ("retry now" fails), escalated again at the third failure in a row (rejected), paid by the day-3 retry.',
    pick: byInvoice('big01'),
  },
  {
    file: 'billing.recovery--written-off.json',
    workflow: 'billing.recovery',
    about: 'A stolen card escalated at once; the person writes the invoice off.',
    pick: byInvoice('hardd01'),
  },
  {
    file: 'billing.recovery--suspended-by-schedule.json',
    workflow: 'billing.recovery',
    about:
      'Three soft declines in a row, escalated on day 3 and rejected; rate-limited on day 4, suspended with the final notice on day 7; still waiting for its deadline.',
    pick: byInvoice('softc02'),
  },
  {
    file: 'billing.recovery--grace-extended.json',
    workflow: 'billing.recovery',
    about: 'Escalated on day 3; the person extends the grace period, so the later steps move a week; still waiting.',
    pick: byInvoice('softc03'),
  },
  {
    file: 'billing.recovery--paid-outside.json',
    workflow: 'billing.recovery',
    about:
      'A disputed charge escalated and rejected, suspended on day 7, then paid by bank transfer while waiting: the case closes outside the run.',
    pick: byInvoice('disp02'),
  },
  {
    file: 'billing.outside-payment--told-run.json',
    workflow: 'billing.outside-payment',
    about: 'A bank transfer pays an invoice whose recovery is open: the run is told.',
    pick: byInvoice('disp02'),
  },
  {
    file: 'billing.outside-payment--nothing-to-tell.json',
    workflow: 'billing.outside-payment',
    about: "PsiZero's own charge paid the invoice and closed its case first: nobody to tell.",
    pick: byInvoice('ok01'),
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
  let bed: ApiBed;
  let smtp: TestSmtp;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    bed = await createApiBed(sqliteFactory, {
      clock: new ManualClock(BILLED_AT - HOUR),
      config: SCENARIO_CONFIG(smtp.port),
    });
    await seedScenario(bed.app, scenarioCustomers());
  }, 60_000);

  afterAll(async () => {
    await bed?.close();
    await smtp?.close();
  });

  it('plays the recovery scenario and writes one fixture per chosen run', async () => {
    await playRecoveryScenario({
      app: bed.app,
      smtp,
      call: (method, path, options) => bed.call(method, path, options),
      key: (role) => bed.key(role),
      runTo: (t) => bed.app.engine.runUntil(t),
      settle: () => bed.app.engine.drain(),
      emailExactlyOnce: true,
    });
    await payByBankTransfer(bed.app, 'disp02');

    for (const { file } of readHistoryFixtures()) rmSync(join(HISTORIES_DIR, file));
    for (const wanted of WANTED) {
      const runs = await bed.app.engine.listRuns({ workflow: wanted.workflow, limit: 1_000 });
      const matching = runs.filter((r) => wanted.pick(r.input as Record<string, unknown>));
      expect(matching, wanted.file).toHaveLength(1);
      const history = await recordHistory(bed.app.engine.store, matching[0]!.id);
      const definition = bed.app.billing.workflows.find((w) => w.name === wanted.workflow)!;
      const { commands } = await replayHistory(definition, history);
      const fixture: HistoryFixture = { about: wanted.about, commands, history };
      const path = join(HISTORIES_DIR, wanted.file);
      // Written as Prettier would, so `npm test`'s format check passes on a fresh recording.
      const style = await prettier.resolveConfig(path);
      writeFileSync(path, await prettier.format(JSON.stringify(fixture), { ...style, filepath: path }));
    }
    expect(readHistoryFixtures().map((f) => f.file)).toEqual(WANTED.map((w) => w.file).sort());
  }, 300_000);
});

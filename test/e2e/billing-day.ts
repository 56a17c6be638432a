/**
 * The state the billing e2e tests start from: the recovery scenario's customers billed on a manual
 * clock until two hours after the cycle, so charges have failed and hard declines wait for a
 * person; customer email goes to a real SMTP server.
 */
import { ManualClock } from '../../src/lib/clock.ts';
import { PASSWORD, createApiBed, type ApiBed } from '../helpers/api-bed.ts';
import { BILLED_AT, HOUR, SCENARIO_CONFIG, scenarioCustomers, seedScenario } from '../helpers/billing-scenario.ts';
import { sqliteFactory } from '../helpers/databases.ts';
import { startSmtpServer, type TestSmtp } from '../helpers/smtp-server.ts';

export interface BillingDay {
  smtp: TestSmtp;
  bed: ApiBed;
}

/** `people` get the test password; `links` turns on signed approval links in emails. */
export async function afterBillingDay(
  people: readonly string[],
  options: { links?: boolean } = {},
): Promise<BillingDay> {
  const smtp = await startSmtpServer();
  const bed = await createApiBed(sqliteFactory, {
    clock: new ManualClock(BILLED_AT - HOUR),
    config: SCENARIO_CONFIG(smtp.port),
    ...(options.links ? { links: true } : {}),
  });
  await seedScenario(bed.app, scenarioCustomers());
  for (const person of people) await bed.app.auth.setPassword(person, PASSWORD);
  await bed.app.engine.runUntil(BILLED_AT + 2 * HOUR);
  return { smtp, bed };
}

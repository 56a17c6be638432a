/**
 * The recovery scenario (test/helpers/recovery-scenario-script.ts) in-process on a manual clock,
 * on every store. The same script runs across killed worker processes in
 * test/chaos/billing-kill9.test.ts. Its second part (test/helpers/recovery-scenario-money.ts,
 * issue 13) plays the money decisions: a Level 3 consensus carried out, disputes, a hard decline
 * on day 3, the final attempt failing after an earlier escalation.
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import { ManualClock } from '../../../src/lib/clock.ts';
import { createApiBed, type ApiBed } from '../../helpers/api-bed.ts';
import { BILLED_AT, HOUR, SCENARIO_CONFIG, scenarioCustomers, seedScenario } from '../../helpers/billing-scenario.ts';
import { WEBHOOK_SECRET } from '../../helpers/money-scenario.ts';
import { playMoneyScenario, seedMoneyScenario } from '../../helpers/recovery-scenario-money.ts';
import { playRecoveryScenario } from '../../helpers/recovery-scenario-script.ts';
import { startSmtpServer, type TestSmtp } from '../../helpers/smtp-server.ts';
import { databaseFactories } from '../../helpers/databases.ts';

describe.each(databaseFactories())('payment recovery scenario on $name', (factory) => {
  let bed: ApiBed;
  let smtp: TestSmtp;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    bed = await createApiBed(factory, { clock: new ManualClock(BILLED_AT - HOUR), config: SCENARIO_CONFIG(smtp.port) });
    await seedScenario(bed.app, scenarioCustomers());
  }, 60_000);

  afterAll(async () => {
    await bed?.close();
    await smtp?.close();
  });

  it('bills, recovers and escalates day by day exactly as the policy says', async () => {
    await playRecoveryScenario({
      app: bed.app,
      smtp,
      call: (method, path, options) => bed.call(method, path, options),
      key: (role) => bed.key(role),
      runTo: (t) => bed.app.engine.runUntil(t),
      settle: () => bed.app.engine.drain(),
      emailExactlyOnce: true,
    });
  }, 120_000);
});

describe.each(databaseFactories())('payment recovery scenario, the money decisions, on $name', (factory) => {
  let bed: ApiBed;
  let smtp: TestSmtp;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    bed = await createApiBed(factory, {
      clock: new ManualClock(BILLED_AT - HOUR),
      config: SCENARIO_CONFIG(smtp.port),
      stripeSecret: WEBHOOK_SECRET,
    });
    await seedMoneyScenario(bed.app);
  }, 60_000);

  afterAll(async () => {
    await bed?.close();
    await smtp?.close();
  });

  it('carries out what people decide, joins disputes, and ends retries on a hard decline', async () => {
    await playMoneyScenario({
      app: bed.app,
      call: (method, path, options) => bed.call(method, path, options),
      runTo: (t) => bed.app.engine.runUntil(t),
      settle: () => bed.app.engine.drain(),
    });
  }, 120_000);
});

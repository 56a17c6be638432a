/**
 * The recovery scenario (test/helpers/recovery-scenario-script.ts) in-process on a manual clock,
 * on every store. The same script runs across killed worker processes in
 * test/chaos/billing-kill9.test.ts.
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import { ManualClock } from '../../../src/lib/clock.ts';
import { createApiBed, type ApiBed } from '../../helpers/api-bed.ts';
import { BILLED_AT, HOUR, SCENARIO_CONFIG, scenarioCustomers, seedScenario } from '../../helpers/billing-scenario.ts';
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

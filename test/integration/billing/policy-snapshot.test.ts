/**
 * A recovery run follows the policy of the day its case opened. The policy changes while the run
 * is in flight (here: the live policy the steps can see moves suspension from day 7 to day 10, as a
 * worker started with a new policy file would have it); the run still suspends on day 7 and its
 * final notice still says 7 days, because every step reads the snapshot the run keeps in history.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/lib/clock.ts';
import type { Policy } from '../../../src/policy/index.ts';
import { createApiBed, type ApiBed } from '../../helpers/api-bed.ts';
import {
  BILLED_AT,
  DAY,
  HOUR,
  SCENARIO_CONFIG,
  recoveryApprovals,
  scenarioCustomers,
  seedScenario,
} from '../../helpers/billing-scenario.ts';
import { startSmtpServer, type TestSmtp } from '../../helpers/smtp-server.ts';
import { databaseFactories } from '../../helpers/databases.ts';

/** The same policy with a longer grace period: rate-limited from day 4, suspended from day 10. */
function suspensionOnDay10(policy: Policy): Policy {
  return {
    ...policy,
    billing: {
      ...policy.billing,
      recovery: {
        ...policy.billing.recovery,
        gracePeriod: {
          durationDays: 10,
          restrictions: [
            { fromDay: 0, toDay: 3, restriction: 'none' },
            { fromDay: 4, toDay: 9, restriction: 'rate_limited' },
            { fromDay: 10, toDay: null, restriction: 'suspended' },
          ],
        },
      },
    },
  };
}

describe.each(databaseFactories())('a policy change during a recovery run on $name', (factory) => {
  let bed: ApiBed;
  let smtp: TestSmtp;

  beforeEach(async () => {
    smtp = await startSmtpServer();
    bed = await createApiBed(factory, { clock: new ManualClock(BILLED_AT - HOUR), config: SCENARIO_CONFIG(smtp.port) });
    await seedScenario(
      bed.app,
      scenarioCustomers().filter((c) => c.id === 'hardd01'),
    );
    await bed.app.engine.runUntil(BILLED_AT + HOUR);
  }, 60_000);

  afterEach(async () => {
    await bed?.close();
    await smtp?.close();
  });

  /** Parsing lags the SMTP acceptance a little; the delivery step has finished by now. */
  async function finalNoticeTo(address: string) {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const found = smtp.messages.find(
        (m) =>
          m.subject?.startsWith('Final notice') && m.to && !Array.isArray(m.to) && m.to.value[0]?.address === address,
      );
      if (found || Date.now() > deadline) return found;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  it('keeps suspending on the snapshot day and quotes it in the final notice', async () => {
    const [approval] = await recoveryApprovals(bed.app, 'hardd01');
    expect(approval?.status).toBe('pending');
    bed.app.gate.policy = suspensionOnDay10(bed.app.gate.policy);
    // The person leaves it to the schedule: the run goes on walking its own timeline.
    await bed.app.approvals.decide({
      approvalId: approval!.id,
      by: 'sam',
      verdict: 'reject',
      channel: 'dashboard',
      reason: 'leave it to the schedule',
    });
    await bed.app.engine.drain();

    await bed.app.engine.runUntil(BILLED_AT + 7 * DAY + HOUR);
    expect((await bed.app.billing.entitlement('hardd01'))?.access).toBe('suspended');
    const finalNotice = await finalNoticeTo('hardd01@customers.test');
    expect(finalNotice?.text).toContain('is 7 days overdue');
    expect(finalNotice?.text).not.toContain('10 days');
  }, 60_000);
});

/**
 * Every recorded billing history (test/fixtures/histories, captured from real runs of the recovery
 * scenario by record-histories.test.ts) replays against today's workflow code: the same commands
 * in the same order, answered from the history, without executing a step. A change that would
 * break runs in flight fails here with the position where it diverges; such a change needs a new
 * workflow version, not a re-recorded fixture.
 *
 * The workflows are built over deps that throw when touched: replay must not reach the domain, the
 * gateway or the customer outside a step. Only the gate's policy and notifier are real, because
 * the gate reads the directory and the notifier issues its delivery steps in workflow code.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GateDeps } from '../../../src/approvals/index.ts';
import { replayHistory, type RecordedHistory } from '../../../src/engine/index.ts';
import type { AnyWorkflow } from '../../../src/engine/workflow.ts';
import { InternalError, NonDeterminismError } from '../../../src/lib/errors.ts';
import { ManualClock } from '../../../src/lib/clock.ts';
import { billingWorkflows } from '../../../src/workflows/billing/index.ts';
import { createApiBed, type ApiBed } from '../../helpers/api-bed.ts';
import { readHistoryFixtures } from '../../helpers/billing-histories.ts';
import { BILLED_AT, SCENARIO_CONFIG } from '../../helpers/billing-scenario.ts';
import { sqliteFactory } from '../../helpers/databases.ts';

/** A dependency replay must never use: any property read throws. */
function untouchable<T extends object>(name: string): T {
  return new Proxy({} as T, {
    get: (_target, property) => {
      throw new InternalError(`replay touched ${name}.${String(property)} outside a step`);
    },
  });
}

const fixtures = readHistoryFixtures();

describe('recorded billing histories replay against today’s code', () => {
  let bed: ApiBed;
  let workflows: AnyWorkflow[];

  beforeAll(async () => {
    // The same policy, directory and channels as the scenario the histories were recorded in.
    bed = await createApiBed(sqliteFactory, { clock: new ManualClock(BILLED_AT), config: SCENARIO_CONFIG(2525) });
    const gate: GateDeps = {
      ...bed.app.gate,
      audit: untouchable('gate.audit'),
      approvals: untouchable('gate.approvals'),
    };
    workflows = billingWorkflows({
      billing: untouchable('billing'),
      records: untouchable('records'),
      gateway: untouchable('gateway'),
      messenger: untouchable('messenger'),
      runs: untouchable('runs'),
      clock: untouchable('clock'),
      gate,
      settings: {
        paymentMethodUrl: 'https://pay.psizero.test/card/{customerId}',
        supportContact: 'help@psizero.test',
        defaultPaymentMethod: 'pm_card_visa',
      },
    });
  }, 60_000);

  afterAll(async () => {
    await bed?.close();
  });

  /** Runs keep the version they started with, so each history replays against that version, still registered. */
  const definitionOf = (history: RecordedHistory): AnyWorkflow => {
    const found = workflows.find((w) => w.name === history.workflow && w.version === history.version);
    expect(found, `${history.workflow} version ${history.version} registered`).toBeDefined();
    return found!;
  };

  it.each(fixtures)('$file', async ({ fixture }) => {
    const report = await replayHistory(definitionOf(fixture.history), fixture.history);
    expect(report.commands).toBe(fixture.commands);
  });

  it('covers every registered version of every billing workflow, an escalation a person decided and a recovery after a card update', () => {
    const histories = fixtures.map((f) => f.fixture.history);
    expect(new Set(histories.map((h) => `${h.workflow}@${h.version}`))).toEqual(
      new Set(workflows.map((w) => `${w.name}@${w.version}`)),
    );
    const recoveries = histories.filter((h) => h.workflow === 'billing.recovery');
    const stepNames = (h: RecordedHistory) =>
      h.events.flatMap((e) => (e.type === 'step_completed' ? [String((e.data as { name: string }).name)] : []));
    const decided = recoveries.filter((h) => stepNames(h).some((n) => /^gate:billing\.recovery:.+:execute$/.test(n)));
    expect(decided.length).toBeGreaterThan(0);
    const cardUpdates = recoveries.filter((h) =>
      h.events.some(
        (e) =>
          e.type === 'event_received' &&
          (e.data as { event: { payload: { kind?: string } } }).event.payload.kind === 'payment_method_updated',
      ),
    );
    expect(cardUpdates.map((h) => h.status)).toContain('completed');
  });

  it('covers the paths of version 2: a Level 3 decision carried out, disputes, a hard decline on a retry, the final attempt', () => {
    const v2 = fixtures.filter(
      (f) => f.fixture.history.workflow === 'billing.recovery' && f.fixture.history.version === 2,
    );
    const steps = (h: RecordedHistory) =>
      h.events.flatMap((e) => (e.type === 'step_completed' ? [String((e.data as { name: string }).name)] : []));
    const all = v2.flatMap((f) => steps(f.fixture.history));
    expect(all.some((n) => /^gate:billing\.recovery:.+:carry-out$/.test(n))).toBe(true);
    expect(all.some((n) => /^case:decision:\d+$/.test(n))).toBe(true);
    expect(all.some((n) => /^case-check:/.test(n))).toBe(true);
    const news = v2.flatMap((f) =>
      f.fixture.history.events.flatMap((e) =>
        e.type === 'event_received' ? [(e.data as { event: { payload: { kind?: string } } }).event.payload.kind] : [],
      ),
    );
    expect(news).toContain('charge_disputed');
  });

  it('names where code that no longer matches a history diverges', async () => {
    const { fixture } = fixtures.find((f) => f.file === 'billing.recovery--card-update.json')!;
    // As if the workflow had renamed its day-1 message step: the history is the same, the code is not.
    const changed: RecordedHistory = JSON.parse(
      JSON.stringify(fixture.history).replaceAll('message:day1:payment_failure_notification', 'message:day1:renamed'),
    ) as RecordedHistory;
    await expect(replayHistory(definitionOf(changed), changed)).rejects.toThrow(NonDeterminismError);
    await expect(replayHistory(definitionOf(changed), changed)).rejects.toThrow(/message:day1/);
  });
});

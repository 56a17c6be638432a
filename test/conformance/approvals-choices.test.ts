/**
 * Approvals with choices inside real runs (ManualClock, both stores): the approver's choice reaches
 * `execute`, comes from the recorded verdict (so a replay keeps it even if the row changes), is
 * audited, and the gate refuses what it should.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { GateResult } from '../../src/approvals/index.ts';
import { act } from '../../src/approvals/index.ts';
import { defineWorkflow } from '../../src/engine/workflow.ts';
import { PsiZeroError } from '../../src/lib/errors.ts';
import type { StoredApproval } from '../../src/approvals/approval-model.ts';
import type { Database } from '../../src/db/index.ts';
import { T0 } from '../helpers/engine.ts';
import { databaseFactories } from '../helpers/databases.ts';
import { MINUTE, createBed, type Bed } from './approval-harness.ts';

const CHOICES = [
  { id: 'retry_now', label: 'Retry the charge now', description: 'Charge the card on file again.' },
  { id: 'extend_grace', label: 'Extend the grace period' },
  { id: 'write_off', label: 'Write the invoice off' },
];

const Input = z.object({
  amountUsd: z.number(),
  level1: z.boolean().default(false),
  flaky: z.boolean().default(false),
  /** For one customer managed by Sam: consensus of the finance manager and Sam. */
  consensus: z.boolean().default(false),
});
type Output = GateResult<{ did: string | null }>;

describe.each(databaseFactories())('approvals with choices in workflow runs on $name', (factory) => {
  let database: Database;
  let bed: Bed;
  /** Every call of `execute`: its attempt and the choice it was given. */
  let calls: { attempt: number; choice: string | null }[];

  const recovery = defineWorkflow({
    name: 'test.recovery',
    input: Input,
    run: (ctx, input) =>
      act(ctx, bed.deps, {
        proposal: {
          id: `recover-${ctx.runId}`,
          title: `Recover $${input.amountUsd}`,
          classification: input.level1
            ? {
                impact: 'low',
                complexity: 'simple',
                reversibility: 'easily_reversible',
                stakeholders: 'internal',
                financialImpact: 10,
                timeToExecute: 1,
              }
            : {
                impact: 'medium',
                complexity: 'moderate',
                reversibility: 'reversible',
                stakeholders: 'customer_facing',
                financialImpact: input.amountUsd,
                timeToExecute: 5,
              },
          choices: CHOICES,
          customers: input.consensus ? [{ id: 'cus_1', successManagerId: 'sam' }] : [],
        },
        execute: (info, { choice }) => {
          calls.push({ attempt: info.attempt, choice });
          if (input.flaky && info.attempt === 1)
            throw new PsiZeroError('GATEWAY_DOWN', 'the gateway is down', { retryable: true });
          return { did: choice };
        },
        retry: { initialDelayMs: MINUTE, jitter: 0 },
      }),
  });

  async function start(input: z.input<typeof Input>): Promise<string> {
    database = await factory.create();
    bed = await createBed(database);
    bed.engine.register(recovery);
    calls = [];
    const { id } = await bed.engine.start(recovery, input);
    await bed.engine.drain();
    return id;
  }

  async function output(runId: string): Promise<Output> {
    const run = await bed.engine.getRun(runId);
    if (run.status !== 'completed') throw new Error(`run ${runId} is ${run.status}: ${JSON.stringify(run.error)}`);
    return run.output as Output;
  }

  afterEach(async () => {
    await bed.engine.stop(0);
    await database.close();
  });

  it('passes the approved choice to execute, returns it, and audits it', async () => {
    const runId = await start({ amountUsd: 4200 });
    const approval = await bed.approvalOf(runId);
    expect((approval.record as { choices?: unknown }).choices).toEqual(CHOICES);
    expect(bed.notifier.sent[0]!.summary).toContain('  - Write the invoice off [write_off]');

    await expect(
      bed.service.decide({ approvalId: approval.id, by: 'fiona', verdict: 'approve', channel: 'api' }),
    ).rejects.toMatchObject({ code: 'CHOICE_REQUIRED' });
    await expect(
      bed.service.decide({
        approvalId: approval.id,
        by: 'fiona',
        verdict: 'approve',
        channel: 'api',
        choice: 'suspend',
      }),
    ).rejects.toMatchObject({
      code: 'UNKNOWN_CHOICE',
    });
    await bed.service.decide({
      approvalId: approval.id,
      by: 'fiona',
      verdict: 'approve',
      channel: 'api',
      choice: 'write_off',
    });
    await bed.engine.drain();

    expect(await output(runId)).toMatchObject({
      outcome: 'executed',
      choice: 'write_off',
      result: { did: 'write_off' },
      approvalId: approval.id,
    });
    expect(calls).toEqual([{ attempt: 1, choice: 'write_off' }]);
    expect((await bed.approvalOf(runId)).decisions).toMatchObject([{ by: 'fiona', choice: 'write_off' }]);
    const [decision] = await bed.repos.audit.list({ runId, kind: 'approval_decision' });
    expect(decision!.data).toMatchObject({ verdict: 'approve', choice: 'write_off' });
    const [executed] = await bed.repos.audit.list({ runId, kind: 'action_executed' });
    expect(executed!.data).toEqual({ result: { did: 'write_off' }, choice: 'write_off' });
    expect(await bed.verify()).toMatchObject({ ok: true });
  });

  it('takes the choice from the recorded verdict: a replay keeps it though the row changed', async () => {
    const runId = await start({ amountUsd: 4200, flaky: true });
    const { id } = await bed.approvalOf(runId);
    await bed.service.decide({
      approvalId: id,
      by: 'fiona',
      verdict: 'approve',
      channel: 'dashboard',
      choice: 'extend_grace',
    });
    await bed.engine.drain();
    // The first attempt failed; the run waits a minute to retry.
    expect(calls).toEqual([{ attempt: 1, choice: 'extend_grace' }]);
    expect((await bed.engine.getRun(runId)).status).not.toBe('completed');

    // Someone with database access rewrites the decision's choice in the meantime.
    const current = await bed.approvalOf(runId);
    const forged: StoredApproval = {
      ...current,
      decisions: current.decisions.map((d) => ({ ...d, choice: 'retry_now' })),
      version: current.version + 1,
    };
    expect(await bed.repos.approvals.update(forged, current.version)).toBe(true);

    await bed.engine.runUntil(T0 + 2 * MINUTE);
    expect(await output(runId)).toMatchObject({
      outcome: 'executed',
      choice: 'extend_grace',
      result: { did: 'extend_grace' },
    });
    expect(calls).toEqual([
      { attempt: 1, choice: 'extend_grace' },
      { attempt: 2, choice: 'extend_grace' },
    ]);
    const { history } = await bed.engine.inspect(runId);
    const verdict = history.find((e) => e.type === 'step_completed' && e.data.name === `gate:recover-${runId}:verdict`);
    expect(verdict?.data.result).toEqual({ action: 'execute', basis: 'approved', choice: 'extend_grace' });
  });

  it('a rejection needs no choice and executes nothing', async () => {
    const runId = await start({ amountUsd: 4200 });
    const { id } = await bed.approvalOf(runId);
    await bed.service.decide({
      approvalId: id,
      by: 'fiona',
      verdict: 'reject',
      reason: 'the customer paid by wire',
      channel: 'email',
    });
    await bed.engine.drain();
    expect(await output(runId)).toMatchObject({ outcome: 'not_executed', reason: 'rejected' });
    expect(calls).toEqual([]);
  });

  it('consensus: a second approver choosing another option is refused; agreeing approves it', async () => {
    const runId = await start({ amountUsd: 4200, consensus: true });
    const approval = await bed.approvalOf(runId);
    expect(approval).toMatchObject({
      kind: 'consensus',
      requirements: ['finance_manager', 'customer_success_manager'],
    });
    await bed.service.decide({
      approvalId: approval.id,
      by: 'fiona',
      verdict: 'approve',
      channel: 'api',
      choice: 'retry_now',
    });
    await expect(
      bed.service.decide({
        approvalId: approval.id,
        by: 'sam',
        verdict: 'approve',
        channel: 'slack',
        choice: 'write_off',
      }),
    ).rejects.toMatchObject({
      code: 'CHOICE_CONFLICT',
    });
    await bed.engine.drain();
    expect((await bed.engine.getRun(runId)).status).toBe('waiting');
    await bed.service.decide({
      approvalId: approval.id,
      by: 'sam',
      verdict: 'approve',
      channel: 'slack',
      choice: 'retry_now',
    });
    await bed.engine.drain();
    expect(await output(runId)).toMatchObject({ outcome: 'executed', choice: 'retry_now' });
    expect(calls).toEqual([{ attempt: 1, choice: 'retry_now' }]);
  });

  it('an action without choices: a choice is refused, and execute gets null as before', async () => {
    database = await factory.create();
    bed = await createBed(database);
    const runId = await bed.startRefund({ amountUsd: 4200 });
    const approval = await bed.approvalOf(runId);
    await expect(
      bed.service.decide({
        approvalId: approval.id,
        by: 'fiona',
        verdict: 'approve',
        channel: 'api',
        choice: 'retry_now',
      }),
    ).rejects.toMatchObject({
      code: 'UNKNOWN_CHOICE',
    });
    await bed.service.decide({ approvalId: approval.id, by: 'fiona', verdict: 'approve', channel: 'api' });
    await bed.engine.drain();
    expect(await bed.output(runId)).toMatchObject({ outcome: 'executed', choice: null });
    const [executed] = await bed.repos.audit.list({ runId, kind: 'action_executed' });
    expect(executed!.data).not.toHaveProperty('choice');
  });

  it('an action with choices at Level 1 is a caller error, after the decision record is audited', async () => {
    const runId = await start({ amountUsd: 10, level1: true });
    const run = await bed.engine.getRun(runId);
    expect(run.status).toBe('failed');
    expect(run.error).toMatchObject({ code: 'GATE_CHOICES_NEED_APPROVAL' });
    expect(calls).toEqual([]);
    expect(await bed.auditKinds(runId)).toEqual(['decision_record']);
  });

  it('reads decisions stored before choices existed as choice null', async () => {
    const runId = await start({ amountUsd: 4200 });
    const current = await bed.approvalOf(runId);
    const legacy = {
      seq: 1,
      by: 'fiona',
      verdict: 'approve',
      requirement: 'finance_manager',
      settlesAll: false,
      round: 1,
      at: T0,
      channel: 'sql',
      comment: null,
      reason: null,
    };
    const old = { ...current, decisions: [legacy], version: current.version + 1 } as unknown as StoredApproval;
    expect(await bed.repos.approvals.update(old, current.version)).toBe(true);
    expect((await bed.approvalOf(runId)).decisions[0]).toMatchObject({ by: 'fiona', choice: null });
  });
});

/**
 * Classified workflows through the gate in real runs, on each database: an action inherits its
 * workflow's classification and may only raise it; the approval kind an action needs comes from
 * the policy's per-type setting, the workflow or the action itself; and a synchronous request
 * escalates to the approver's backup after 5 minutes of the injected clock.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ApprovalService, RecordingNotifier, act, type GateDeps } from '../../src/approvals/index.ts';
import { createRepositories, type Repositories } from '../../src/app/repositories.ts';
import { createWorkflowPolicies, workflowDefinitionCheck } from '../../src/app/workflow-policies.ts';
import type { Database } from '../../src/db/index.ts';
import { defineWorkflow } from '../../src/engine/workflow.ts';
import {
  DEFAULT_POLICY,
  resolvePolicy,
  type ApprovalKindName,
  type DecisionRecord,
  type Policy,
  type WorkflowClassificationInput,
} from '../../src/policy/index.ts';
import { T0, testEngine, type TestEngine } from '../helpers/engine.ts';
import { databaseFactories } from '../helpers/databases.ts';

const MINUTE = 60_000;

/** The workflow's floor: Level 2 work on one customer's account, reversible. */
const OPS_REFUND: WorkflowClassificationInput = {
  autonomyLevel: 2,
  classification: {
    impact: 'medium',
    complexity: 'simple',
    reversibility: 'reversible',
    stakeholders: 'customer_facing',
    financialImpact: 0,
    timeToExecute: 1,
  },
};

const Input = z.object({
  amountUsd: z.number(),
  approvalKind: z.enum(['synchronous', 'asynchronous', 'consensus']).optional(),
  /** The action's own classification, when it gives one. */
  impact: z.enum(['low', 'medium', 'high', 'critical']).optional(),
});

/**
 * Asynchronous approvals count business hours (default calendar: Los Angeles, Monday to Friday,
 * 09:00-17:00): T0 is Sunday 04:00 there, so 4 hours run Monday 09:00-13:00 PST = 21:00 UTC.
 */
const FOUR_BUSINESS_HOURS_LATER = Date.UTC(2026, 2, 2, 21, 0, 0);

interface Bed extends TestEngine {
  repos: Repositories;
  service: ApprovalService;
  notifier: RecordingNotifier;
  effects: string[];
  start(workflow: string, input: z.input<typeof Input>): Promise<string>;
  approvalOf(runId: string): Promise<Awaited<ReturnType<ApprovalService['get']>>>;
}

describe.each(databaseFactories())('classified workflows through the gate on $name', (factory) => {
  let database: Database;
  let bed: Bed;

  async function open(policy: Policy = DEFAULT_POLICY): Promise<Bed> {
    database = await factory.create();
    // As the app wires it: the engine checks each definition, the gate finds the running workflow's classification.
    const t = testEngine(database.store, { checkDefinition: workflowDefinitionCheck(policy) });
    const repos = createRepositories(database.db);
    const service = new ApprovalService({
      repository: repos.approvals,
      audit: repos.audit,
      policy,
      clock: t.clock,
      events: t.engine,
    });
    const notifier = new RecordingNotifier();
    const deps: GateDeps = {
      policy,
      workflows: createWorkflowPolicies(t.engine.registry, policy),
      audit: repos.audit,
      approvals: service,
      notifier,
      clock: t.clock,
    };
    const effects: string[] = [];
    const refundWorkflow = (name: string, classification?: WorkflowClassificationInput) =>
      defineWorkflow({
        name,
        input: Input,
        ...(classification && { classification }),
        run: (ctx, input) =>
          act(ctx, deps, {
            proposal: {
              id: `refund:${ctx.runId}`,
              title: `Refund $${input.amountUsd}`,
              // The amount is known at run time; the classification, if any, only raises the workflow's.
              signals: { financialImpact: input.amountUsd },
              customers: [],
              ...(input.approvalKind && { approvalKind: input.approvalKind }),
              ...(input.impact && {
                classification: { ...OPS_REFUND.classification, impact: input.impact },
              }),
            },
            execute: (info) => {
              effects.push(info.idempotencyKey);
              return { refunded: input.amountUsd };
            },
            conservativeDefault: { description: 'issue a credit note instead' },
          }),
      });
    t.engine.register(
      refundWorkflow('ops.refund', OPS_REFUND),
      refundWorkflow('ops.refund-sync', { ...OPS_REFUND, approvalKind: 'synchronous' }),
      refundWorkflow('ops.unclassified'),
    );
    bed = {
      ...t,
      repos,
      service,
      notifier,
      effects,
      async start(workflow, input) {
        const { id } = await t.engine.start(workflow, input);
        await t.engine.drain();
        return id;
      },
      async approvalOf(runId) {
        const [approval] = await service.list({ runId });
        if (approval === undefined) throw new Error(`no approval for ${runId}`);
        return approval;
      },
    };
    return bed;
  }

  afterEach(async () => {
    await bed.engine.stop(0);
    await database.close();
  });

  async function recordOf(runId: string) {
    const [entry] = await bed.repos.audit.list({ runId, kind: 'decision_record' });
    return (entry?.data as { record: DecisionRecord }).record;
  }

  it('an action without a classification inherits its workflow’s and runs at the workflow’s level', async () => {
    await open();
    const runId = await bed.start('ops.refund', { amountUsd: 40 });
    // $40 alone would be Level 1; the workflow is medium impact and declares Level 2.
    const approval = await bed.approvalOf(runId);
    expect(approval).toMatchObject({
      status: 'pending',
      level: 2,
      kind: 'asynchronous',
      deadline: FOUR_BUSINESS_HOURS_LATER,
    });
    const record = await recordOf(runId);
    expect(record.sources).toMatchObject({
      workflow: 'ops.refund',
      actionType: 'refund',
      classification: { impact: { value: 'medium', source: 'code' } },
      approvalKind: { value: 'asynchronous', source: 'global' },
    });
  });

  it('an action may raise its workflow’s classification but never lower it', async () => {
    await open();
    const lowered = await bed.start('ops.refund', { amountUsd: 40, impact: 'low' });
    expect((await recordOf(lowered)).sources?.classification.impact).toEqual({ value: 'medium', source: 'code' });
    expect((await bed.approvalOf(lowered)).level).toBe(2);
    const raised = await bed.start('ops.refund', { amountUsd: 40, impact: 'critical' });
    expect((await recordOf(raised)).sources?.classification.impact).toEqual({ value: 'critical', source: 'action' });
    expect((await bed.approvalOf(raised)).level).toBe(3);
  });

  it('outside a classified workflow an action without a classification fails the run with the field named', async () => {
    await open();
    const runId = await bed.start('ops.unclassified', { amountUsd: 40 });
    const run = await bed.engine.getRun(runId);
    expect(run.status).toBe('failed');
    expect(JSON.stringify(run.error)).toContain(
      'classification: required: the action is not inside a classified workflow',
    );
  });

  it('a synchronous request (asked by the action) escalates to the backup after 5 minutes of the clock', async () => {
    await open();
    const runId = await bed.start('ops.refund', { amountUsd: 4200, approvalKind: 'synchronous' });
    const approval = await bed.approvalOf(runId);
    expect(approval).toMatchObject({
      kind: 'synchronous',
      requirements: ['finance_manager'],
      deadline: T0 + 5 * MINUTE,
    });
    expect((await recordOf(runId)).sources?.approvalKind).toEqual({ value: 'synchronous', source: 'action' });

    await bed.engine.runUntil(T0 + 5 * MINUTE - 1);
    expect((await bed.approvalOf(runId)).status).toBe('pending');
    await bed.engine.runUntil(T0 + 5 * MINUTE);
    expect(await bed.approvalOf(runId)).toMatchObject({ status: 'escalated', round: 2, deadline: T0 + 10 * MINUTE });
    // Fiona's backup in the directory is Carlos.
    expect(bed.notifier.sent.map((n) => [n.type, n.recipients])).toEqual([
      ['approval_requested', ['fiona']],
      ['approval_escalated', ['fiona', 'carlos']],
    ]);
    await bed.service.decide({ approvalId: approval.id, by: 'carlos', verdict: 'approve', channel: 'slack' });
    await bed.engine.drain();
    const run = await bed.engine.getRun(runId);
    expect(run.output).toMatchObject({ outcome: 'executed', result: { refunded: 4200 } });
    expect(bed.effects).toHaveLength(1);
    const kinds = (await bed.repos.audit.list({ runId, limit: 100 })).map((e) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(['approval_timed_out', 'approval_escalated', 'action_executed']));
  });

  it('the workflow’s code default asks for synchronous; nobody answering ends in the conservative default', async () => {
    await open();
    const runId = await bed.start('ops.refund-sync', { amountUsd: 4200 });
    expect(await bed.approvalOf(runId)).toMatchObject({ kind: 'synchronous', deadline: T0 + 5 * MINUTE });
    expect((await recordOf(runId)).sources?.approvalKind).toEqual({ value: 'synchronous', source: 'code' });
    // Fiona, then her backup Carlos, then his backup Olivia (the policy's two hops), 5 minutes each.
    await bed.engine.runUntil(T0 + 15 * MINUTE - 1);
    expect(await bed.approvalOf(runId)).toMatchObject({ status: 'escalated', round: 3 });
    await bed.engine.runUntil(T0 + 15 * MINUTE);
    expect((await bed.engine.getRun(runId)).output).toMatchObject({ outcome: 'conservative_default' });
    expect(bed.effects).toEqual([]);
  });

  it('the policy file’s kind for the action type wins over the workflow’s and the action’s', async () => {
    const kinds = (perType: ApprovalKindName) =>
      resolvePolicy({
        workflows: {
          'ops.refund-sync': { approvalKind: 'consensus', actions: { refund: { approvalKind: perType } } },
        },
      });
    await open(kinds('asynchronous'));
    const runId = await bed.start('ops.refund-sync', { amountUsd: 4200, approvalKind: 'synchronous' });
    expect(await bed.approvalOf(runId)).toMatchObject({ kind: 'asynchronous', deadline: FOUR_BUSINESS_HOURS_LATER });
    expect((await recordOf(runId)).sources?.approvalKind).toEqual({
      value: 'asynchronous',
      source: 'policy_action_type',
    });
  });

  it('the policy file’s classification replaces the code default for the workflow', async () => {
    await open(
      resolvePolicy({
        workflows: {
          'ops.refund': { autonomyLevel: 1, classification: { impact: 'low', reversibility: 'easily_reversible' } },
        },
      }),
    );
    const runId = await bed.start('ops.refund', { amountUsd: 40 });
    expect((await bed.engine.getRun(runId)).output).toMatchObject({ outcome: 'executed', level: 1 });
    expect((await recordOf(runId)).sources).toMatchObject({
      autonomyLevel: { value: 1, source: 'policy' },
      classification: { impact: { value: 'low', source: 'policy' }, complexity: { value: 'simple', source: 'code' } },
    });
  });

  it('refuses to register a workflow whose classification fails the schema, naming the field', async () => {
    await open();
    const bad = defineWorkflow({
      name: 'ops.bad',
      input: z.object({}),
      classification: { classification: { ...OPS_REFUND.classification, impact: 'huge' as 'low' } },
      run: async () => null,
    });
    expect(() => bed.engine.register(bad)).toThrow(
      "invalid classification of workflow 'ops.bad': classification.classification.impact: expected one of",
    );
    expect(bed.engine.registry.names()).not.toContain('ops.bad');
  });
});

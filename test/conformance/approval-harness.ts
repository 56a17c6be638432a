/**
 * A test bed for approvals inside real workflow runs: engine on a ManualClock, the database's audit
 * and approval repositories, the approval service, a recording notifier, and a refund workflow that
 * goes through the gate and records every side effect it performs.
 */
import { z } from 'zod';
import type { GateDeps, GateResult } from '../../src/approvals/index.ts';
import { ApprovalService, RecordingNotifier, act } from '../../src/approvals/index.ts';
import { verifyAuditLog } from '../../src/audit/index.ts';
import { createRepositories, type Repositories } from '../../src/app/repositories.ts';
import type { Database } from '../../src/db/index.ts';
import { defineWorkflow } from '../../src/engine/workflow.ts';
import type { Policy } from '../../src/policy/index.ts';
import { DEFAULT_POLICY, resolvePolicy } from '../../src/policy/index.ts';
import { testEngine, type TestEngine } from '../helpers/engine.ts';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

/**
 * Policies for each kind as these tests follow them: the seed's timeouts on the wall clock (4 hours
 * are 4 hours; business hours: approvals-business-hours.test.ts) and, for the synchronous kind, one
 * backup and no further (chains: approvals-backup-chain.test.ts).
 */
const WALL_CLOCK = { kinds: { asynchronous: { businessHours: false } } };
export const POLICIES = {
  asynchronous: resolvePolicy({ approvals: WALL_CLOCK }),
  synchronous: resolvePolicy({ approvals: { ...WALL_CLOCK, defaultKind: 'synchronous', maxBackupHops: 1 } }),
} satisfies Record<string, Policy>;

export const RefundInput = z.object({
  amountUsd: z.number(),
  customers: z
    .array(z.object({ id: z.string(), successManagerId: z.string().optional(), enterprise: z.boolean().optional() }))
    .default([]),
  initiatedBy: z.string().optional(),
  withDefault: z.boolean().default(true),
  impact: z.enum(['low', 'medium', 'high', 'critical']).default('medium'),
  /** Options the approver must pick one of (approvals with choices). */
  choices: z.array(z.object({ id: z.string(), label: z.string(), description: z.string().optional() })).optional(),
});

export type RefundOutput = GateResult<{ refunded: number; key: string }, { creditNote: true }>;

export interface Bed extends TestEngine {
  repos: Repositories;
  service: ApprovalService;
  notifier: RecordingNotifier;
  deps: GateDeps;
  /** Side effects performed, in order (`refund:<idempotency key>`, `credit-note`). */
  effects: string[];
  /** Starts a refund run and drains it to its first wait; returns the run id. */
  startRefund(input: z.input<typeof RefundInput>): Promise<string>;
  output(runId: string): Promise<RefundOutput>;
  /** The only approval of a run. */
  approvalOf(runId: string): Promise<Awaited<ReturnType<ApprovalService['get']>>>;
  auditKinds(runId: string): Promise<string[]>;
  verify(): ReturnType<typeof verifyAuditLog>;
}

export async function createBed(database: Database, policy: Policy = DEFAULT_POLICY): Promise<Bed> {
  const t = testEngine(database.store);
  const repos = createRepositories(database.db);
  const service = new ApprovalService({
    repository: repos.approvals,
    audit: repos.audit,
    policy,
    clock: t.clock,
    events: t.engine,
  });
  const notifier = new RecordingNotifier();
  const deps: GateDeps = { policy, audit: repos.audit, approvals: service, notifier, clock: t.clock };
  const effects: string[] = [];
  const refund = defineWorkflow({
    name: 'test.refund',
    input: RefundInput,
    run: (ctx, input) =>
      act(ctx, deps, {
        proposal: {
          id: `refund-${ctx.runId}`,
          title: `Refund $${input.amountUsd}`,
          classification: {
            impact: input.impact,
            complexity: 'simple',
            reversibility: input.impact === 'low' ? 'easily_reversible' : 'reversible',
            stakeholders: 'customer_facing',
            financialImpact: input.amountUsd,
            timeToExecute: 1,
          },
          customers: input.customers,
          initiatedBy: input.initiatedBy,
          choices: input.choices,
        },
        execute: (info) => {
          effects.push(`refund:${info.idempotencyKey}`);
          return { refunded: input.amountUsd, key: info.idempotencyKey };
        },
        conservativeDefault: input.withDefault
          ? {
              description: 'issue a credit note instead of a refund',
              run: () => {
                effects.push('credit-note');
                return { creditNote: true as const };
              },
            }
          : undefined,
        recommendation: { summary: 'refund the duplicate charge' },
      }),
  });
  t.engine.register(refund);
  return {
    ...t,
    repos,
    service,
    notifier,
    deps,
    effects,
    async startRefund(input) {
      const { id } = await t.engine.start(refund, input);
      await t.engine.drain();
      return id;
    },
    async output(runId) {
      const run = await t.engine.getRun(runId);
      if (run.status !== 'completed') throw new Error(`run ${runId} is ${run.status}: ${JSON.stringify(run.error)}`);
      return run.output as RefundOutput;
    },
    async approvalOf(runId) {
      const [approval, more] = await service.list({ runId });
      if (approval === undefined || more !== undefined) throw new Error(`expected one approval for ${runId}`);
      return approval;
    },
    async auditKinds(runId) {
      return (await repos.audit.list({ runId, limit: 1_000 })).map((e) => e.kind);
    },
    verify: () => verifyAuditLog(repos.audit),
  };
}

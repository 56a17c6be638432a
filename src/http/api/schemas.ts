/**
 * Response and shared request schemas: the OpenAPI document is generated from these, and the
 * public views below shape what the API returns (no stack traces, no internal bookkeeping).
 */
import { z } from 'zod';
import type { Approval } from '../../approvals/index.ts';
import type { SerializedError } from '../../lib/errors.ts';
import type { HistoryEvent, RunRecord } from '../../store/types.ts';
import { RUN_STATUSES } from '../../store/types.ts';

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z
        .string()
        .meta({ description: 'Stable machine-readable code, e.g. VALIDATION_FAILED, NOT_FOUND, FORBIDDEN' }),
      message: z.string(),
      issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    }),
  })
  .meta({ id: 'Error' });

export { RUN_STATUSES };

const ErrorInfoSchema = z.object({ name: z.string(), code: z.string(), message: z.string(), retryable: z.boolean() });

export const RunSchema = z
  .object({
    id: z.string(),
    workflow: z.string(),
    version: z.number().int(),
    status: z.enum(RUN_STATUSES),
    input: z.unknown(),
    output: z.unknown(),
    error: ErrorInfoSchema.nullable(),
    idempotencyKey: z.string().nullable(),
    parentId: z.string().nullable(),
    createdAt: z.number().meta({ description: 'epoch milliseconds' }),
    updatedAt: z.number(),
    runnableAt: z
      .number()
      .nullable()
      .meta({ description: 'when a waiting run wakes; null while it waits for a signal or has ended' }),
    historyLength: z.number().int(),
  })
  .meta({ id: 'Run' });

export const HistoryEventSchema = z
  .object({
    seq: z.number().int(),
    type: z.string(),
    at: z.number(),
    data: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'HistoryEvent' });

const DecisionSchema = z.object({
  seq: z.number().int(),
  by: z.string(),
  verdict: z.enum(['approve', 'reject']),
  requirement: z.string(),
  settlesAll: z.boolean(),
  round: z.number().int(),
  at: z.number(),
  channel: z.string(),
  comment: z.string().nullable(),
  reason: z.string().nullable(),
  choice: z
    .string()
    .nullable()
    .meta({ description: 'the option approved, for an approval whose record offers `choices`; else null' }),
});

const RoundSchema = z.object({
  round: z.number().int(),
  reason: z.string(),
  startedAt: z.number(),
  deadline: z.number(),
  eligible: z.array(z.object({ requirement: z.string(), people: z.array(z.string()), settlesAll: z.boolean() })),
});

export const ApprovalSchema = z
  .object({
    id: z.string(),
    runId: z.string(),
    actionId: z.string(),
    title: z.string(),
    level: z.number().int(),
    kind: z.string(),
    fallback: z.string(),
    status: z.enum(['pending', 'escalated', 'approved', 'rejected', 'expired']),
    round: z.number().int(),
    deadline: z.number(),
    requirements: z.array(z.string()),
    approvalsNeeded: z.number().int(),
    initiatedBy: z.string().nullable(),
    rounds: z.array(RoundSchema),
    decisions: z.array(DecisionSchema),
    record: z.unknown().meta({
      description:
        'the decision record (docs/policy.md); its `choices`, when present, are the options an approver picks one of',
    }),
    recommendation: z
      .object({
        summary: z.string(),
        choice: z
          .string()
          .optional()
          .meta({ description: 'the option PsiZero recommends, for an approval whose record offers `choices`' }),
        details: z.unknown().optional(),
      })
      .nullable()
      .meta({ description: "PsiZero's recommendation to the person deciding (null when it makes none)" }),
    createdAt: z.number(),
    resolvedAt: z.number().nullable(),
  })
  .meta({ id: 'Approval' });

export const AuditEntrySchema = z
  .object({
    seq: z.number().int(),
    at: z.number(),
    kind: z.string(),
    actor: z.string(),
    channel: z.string(),
    runId: z.string().nullable(),
    approvalId: z.string().nullable(),
    actionId: z.string().nullable(),
    key: z.string().nullable(),
    data: z.unknown(),
    prevHash: z.string(),
    hash: z.string(),
  })
  .meta({ id: 'AuditEntry' });

export const IdParams = z.object({ id: z.string().min(1).max(200) });

/** JSON responses, for createRoute's `responses`. */
export function json<S extends z.ZodType>(schema: S, description: string) {
  return { description, content: { 'application/json': { schema } } };
}

/** An error response other than the common ones, e.g. `404: errorResponse('no such run')`. */
export function errorResponse(description: string) {
  return json(ErrorSchema, description);
}

export const errorResponses = {
  400: json(ErrorSchema, 'invalid input (field paths in `issues`)'),
  401: json(ErrorSchema, 'no valid credentials'),
  403: json(ErrorSchema, 'not allowed for the caller'),
};

export function publicError(error: SerializedError | null): z.infer<typeof ErrorInfoSchema> | null {
  return error === null
    ? null
    : { name: error.name, code: error.code, message: error.message, retryable: error.retryable };
}

export function publicRun(run: RunRecord): z.infer<typeof RunSchema> {
  return {
    id: run.id,
    workflow: run.workflow,
    version: run.version,
    status: run.status,
    input: run.input,
    output: run.output,
    error: publicError(run.error),
    idempotencyKey: run.idempotencyKey,
    parentId: run.parentId,
    createdAt: run.createdAt,
    updatedAt: run.updatedAt,
    runnableAt: run.runnableAt,
    historyLength: run.historyLength,
  };
}

/** Stack traces stay on the server: they describe our code, not the caller's request. */
export function withoutStacks<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutStacks) as T;
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (k !== 'stack') out[k] = withoutStacks(v);
  return out as T;
}

export function publicHistory(history: HistoryEvent[]): z.infer<typeof HistoryEventSchema>[] {
  return history.map((e) => ({ seq: e.seq, type: e.type, at: e.at, data: withoutStacks(e.data) }));
}

export function publicApproval(a: Approval): z.infer<typeof ApprovalSchema> {
  return {
    id: a.id,
    runId: a.runId,
    actionId: a.actionId,
    title: a.title,
    level: a.level,
    kind: a.kind,
    fallback: a.fallback,
    status: a.status,
    round: a.round,
    deadline: a.deadline,
    requirements: a.requirements,
    approvalsNeeded: a.approvalsNeeded,
    initiatedBy: a.initiatedBy,
    rounds: a.rounds,
    decisions: a.decisions,
    record: a.record,
    recommendation: a.recommendation ?? null,
    createdAt: a.createdAt,
    resolvedAt: a.resolvedAt,
  };
}

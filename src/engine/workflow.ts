import type { z } from 'zod';
import { parseOrThrow } from '../lib/field-issues.ts';
import type { RetryPolicy } from './retry.ts';
import { ValidationError, type FieldIssue } from '../lib/errors.ts';

export interface StepInfo {
  /** Stable per run and step: hand it to outside systems so a re-executed attempt is deduplicated. */
  idempotencyKey: string;
  attempt: number;
  runId: string;
  /** Aborted when the attempt times out or the worker shuts down. */
  signal: AbortSignal;
}

export interface StepOptions<T> {
  retry?: Partial<RetryPolicy>;
  /** Saga compensation: undoes this step if the run later fails. Runs durably, in reverse order. */
  compensate?: (result: T, info: StepInfo) => Promise<unknown>;
}

export interface ReceivedEvent<P = unknown> {
  id: string;
  seq: number;
  topic: string;
  payload: P;
  publishedAt: number;
}

export type WaitResult<P = unknown> = { ok: true; event: ReceivedEvent<P> } | { ok: false; timedOut: true };

export interface WaitOptions {
  /** Payload fields that must be equal (dotted paths reach nested fields). */
  match?: Record<string, unknown>;
  /** Milliseconds; without it the run waits until a matching event arrives. */
  timeout?: number;
}

export interface ChildHandle<O = unknown> {
  readonly runId: string;
  /** Resolves with the child's output; throws ChildFailedError if it failed or was cancelled. */
  result(): Promise<O>;
}

export interface WorkflowContext {
  readonly runId: string;
  readonly workflow: string;
  readonly version: number;
  step<T>(name: string, fn: (info: StepInfo) => Promise<T> | T, options?: StepOptions<T>): Promise<T>;
  sleep(ms: number, name?: string): Promise<void>;
  sleepUntil(when: Date | number, name?: string): Promise<void>;
  waitForEvent<P = unknown>(topic: string, options?: WaitOptions): Promise<WaitResult<P>>;
  emit(topic: string, payload: unknown): Promise<void>;
  startChild<I, O, In>(workflow: WorkflowDefinition<I, O, In> | string, input: In): Promise<ChildHandle<O>>;
  /** Recorded on first execution, replayed afterwards. */
  now(): number;
  random(): number;
  uuid(): string;
}

/**
 * Types the layers above give to what a workflow declares for them; empty here, so the engine names
 * no business type. The policy layer adds `classification` (src/policy/workflow-classification.ts).
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface DeclaredWorkflowTypes {}

type DeclaredClassification = DeclaredWorkflowTypes extends { classification: infer C } ? C : unknown;

/** `I` is what `run` receives (after parsing), `In` what callers pass (before defaults apply). */
export interface WorkflowDefinition<I = unknown, O = unknown, In = I> {
  readonly name: string;
  readonly version: number;
  readonly input: z.ZodType<I, In>;
  /** Default retry policy for this workflow's steps. */
  readonly retry?: Partial<RetryPolicy>;
  /**
   * The workflow's classification for the policy layer (the seed's `WorkflowClassification`).
   * Carried untouched: the engine never reads it; the app validates it when registering.
   */
  readonly classification?: unknown;
  run(ctx: WorkflowContext, input: I): Promise<O>;
}

/** Any workflow, whatever its input and output types (registries hold mixed definitions). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyWorkflow = WorkflowDefinition<any, any, any>;

export function defineWorkflow<S extends z.ZodType, O>(def: {
  name: string;
  version?: number;
  input: S;
  retry?: Partial<RetryPolicy>;
  classification?: DeclaredClassification;
  run: (ctx: WorkflowContext, input: z.output<S>) => Promise<O>;
}): WorkflowDefinition<z.output<S>, O, z.input<S>> {
  const issues = definitionIssues(def);
  if (issues.length > 0)
    throw new ValidationError(
      typeof def.name === 'string' ? `invalid workflow definition '${def.name}'` : 'invalid workflow definition',
      issues,
    );
  return { ...def, version: def.version ?? 1 } as WorkflowDefinition<z.output<S>, O, z.input<S>>;
}

/**
 * What makes a definition unusable, by field. Checked at run time too, because workflow modules are
 * loaded from files that the type checker may never have seen (docs/sdk.md).
 */
export function definitionIssues(def: {
  name?: unknown;
  version?: unknown;
  input?: unknown;
  run?: unknown;
}): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (typeof def.name !== 'string' || !/^[a-z0-9][a-z0-9._-]*$/i.test(def.name))
    issues.push({
      path: 'name',
      message: `${typeof def.name === 'string' ? `'${def.name}'` : 'the name'} must start with a letter or digit and hold only letters, digits, '.', '_' and '-'`,
    });
  if (def.version !== undefined && !(Number.isSafeInteger(def.version) && (def.version as number) >= 1))
    issues.push({
      path: 'version',
      message: `expected a whole number from 1 up, received ${JSON.stringify(def.version)}`,
    });
  const input = def.input as { safeParse?: unknown } | null | undefined;
  if (typeof input?.safeParse !== 'function')
    issues.push({ path: 'input', message: 'expected a zod schema (z.object({...}))' });
  if (typeof def.run !== 'function') issues.push({ path: 'run', message: 'expected a function (ctx, input) => ...' });
  return issues;
}

/** Parses workflow input; bad input becomes a ValidationError with field paths, nothing is created. */
export function parseInput<I>(def: WorkflowDefinition<I, unknown, unknown>, input: unknown): I {
  return parseOrThrow<z.ZodType<I>>(def.input, input, `invalid input for workflow '${def.name}'`);
}

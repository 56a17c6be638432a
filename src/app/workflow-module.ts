/**
 * A workflow module: a file the config's `workflows` names, which adds workflows to a running
 * PsiZero without touching its code (docs/sdk.md). It exports
 * - `workflows`: its definitions, or a function of the services (the gate, a logger) that returns them;
 * - `schedules` (optional): cron schedules that start workflows;
 * - `subscriptions` (optional): event topics whose events start workflows.
 * Other exports are ignored. This file says what a module must look like and checks one against
 * the engine it joins; `load-workflow-modules.ts` imports and registers.
 */
import { z } from 'zod';
import type { GateDeps } from '../approvals/index.ts';
import type { Subscription } from '../engine/registry.ts';
import { validateSchedule, type ScheduleDefinition } from '../engine/scheduler.ts';
import { definitionIssues, type AnyWorkflow } from '../engine/workflow.ts';
import { ValidationError, type FieldIssue } from '../lib/errors.ts';
import { formatPath, issueMessage, toFieldIssues } from '../lib/field-issues.ts';
import type { Logger } from '../lib/logger.ts';

/** What a module's `workflows` function receives. */
export interface WorkflowServices {
  /** What `act(ctx, gate, action)` needs: the policy, the audit log, approvals, notifications and the clock. */
  gate: GateDeps;
  /** A child of PsiZero's logger naming the module. */
  logger: Logger;
}

export interface WorkflowModule {
  workflows: readonly AnyWorkflow[] | ((services: WorkflowServices) => readonly AnyWorkflow[]);
  schedules?: readonly ScheduleDefinition[];
  subscriptions?: readonly Subscription[];
}

/** A module that cannot be loaded as it is; each issue names the export and field at fault. */
export class WorkflowModuleError extends ValidationError {
  constructor(
    readonly file: string,
    issues: FieldIssue[],
    cause?: unknown,
  ) {
    super(`invalid workflow module ${file}`, issues, 'WORKFLOW_MODULE_INVALID');
    if (cause !== undefined) this.cause = cause;
  }
}

const functionSchema = <F>() => z.custom<F>((v) => typeof v === 'function', 'expected a function');
const NameSchema = z.string().min(1);

const ScheduleSchema = z.strictObject({
  name: NameSchema,
  cron: NameSchema,
  timezone: NameSchema,
  workflow: NameSchema,
  input: z.union([z.record(z.string(), z.unknown()), functionSchema<(slot: Date) => unknown>()]).optional(),
  catchUp: z.enum(['skip', 'fire_once', 'all']).optional(),
  latenessMs: z.number().int().nonnegative().optional(),
});

const SubscriptionSchema = z.strictObject({
  name: NameSchema,
  topic: NameSchema,
  workflow: NameSchema,
  toInput: functionSchema<NonNullable<Subscription['toInput']>>().optional(),
});

/** What the engine already has, so a module can be checked against it before anything is registered. */
export interface Registered {
  /** Workflow name → where it came from ('built-in' or a module file). */
  workflows: ReadonlyMap<string, string>;
  schedules: ReadonlySet<string>;
  subscriptions: ReadonlySet<string>;
}

export interface CheckedModule {
  workflows: AnyWorkflow[];
  schedules: ScheduleDefinition[];
  subscriptions: Subscription[];
}

/** The module's definitions as `workflows` gives them: called with the services when it is a function. */
export function definitionsOf(exports: Record<string, unknown>, services: WorkflowServices): unknown {
  const { workflows } = exports;
  if (typeof workflows !== 'function') return workflows;
  return (workflows as (s: WorkflowServices) => unknown)(services);
}

/**
 * Checks a module's definitions, schedules and subscriptions against each other and against what
 * is registered; returns them ready to register, or every issue found.
 */
export function checkModule(
  exports: Record<string, unknown>,
  definitions: unknown,
  registered: Registered,
): CheckedModule | FieldIssue[] {
  const issues: FieldIssue[] = [];
  const workflows = checkDefinitions(definitions, registered, issues);
  const known = new Set([...registered.workflows.keys(), ...workflows.map((w) => w.name)]);
  const schedules = checkList(exports.schedules, 'schedules', ScheduleSchema, registered.schedules, known, issues);
  schedules.forEach((def, i) => {
    try {
      validateSchedule(def);
    } catch (err) {
      const found = err instanceof ValidationError ? err.issues : [{ path: '', message: String(err) }];
      issues.push(
        ...found.map((f) => ({ path: formatPath(['schedules', i, ...(f.path ? [f.path] : [])]), message: f.message })),
      );
    }
  });
  const subscriptions = checkList(
    exports.subscriptions,
    'subscriptions',
    SubscriptionSchema,
    registered.subscriptions,
    known,
    issues,
  );
  return issues.length > 0 ? issues : { workflows, schedules, subscriptions };
}

function checkDefinitions(definitions: unknown, registered: Registered, issues: FieldIssue[]): AnyWorkflow[] {
  if (definitions === undefined) {
    issues.push({
      path: 'workflows',
      message: 'required: export `workflows`, an array of definitions or a function of the services returning one',
    });
    return [];
  }
  if (!Array.isArray(definitions)) {
    issues.push({ path: 'workflows', message: 'expected an array of workflow definitions (defineWorkflow({...}))' });
    return [];
  }
  const versions = new Set<string>();
  const valid: AnyWorkflow[] = [];
  definitions.forEach((def: unknown, i) => {
    const at = (field: string): string => formatPath(['workflows', i, ...(field === '' ? [] : [field])]);
    if (def === null || typeof def !== 'object') {
      issues.push({ path: at(''), message: 'expected a workflow definition (defineWorkflow({...}))' });
      return;
    }
    const d = def as Record<string, unknown>;
    const own = [
      ...(d.version === undefined ? [{ path: 'version', message: 'required: a whole number from 1 up' }] : []),
      ...definitionIssues(d),
    ];
    issues.push(...own.map((f) => ({ path: at(f.path), message: f.message })));
    if (own.length > 0) return;
    const name = d.name as string;
    const origin = registered.workflows.get(name);
    if (origin !== undefined) {
      const where = origin === 'built-in' ? 'a built-in workflow' : `already defined in ${origin}`;
      issues.push({ path: at('name'), message: `'${name}' is ${where}` });
      return;
    }
    // Several versions of one workflow may live side by side (runs keep the version they started with).
    const key = `${name}@${String(d.version)}`;
    if (versions.has(key)) {
      issues.push({ path: at('version'), message: `'${name}' version ${String(d.version)} is defined twice` });
      return;
    }
    versions.add(key);
    valid.push(def as AnyWorkflow);
  });
  return valid;
}

/** Schedules and subscriptions share a shape of check: a list of named items that start a known workflow. */
function checkList<S extends z.ZodType<{ name: string; workflow: string }>>(
  value: unknown,
  exportName: 'schedules' | 'subscriptions',
  schema: S,
  taken: ReadonlySet<string>,
  workflows: ReadonlySet<string>,
  issues: FieldIssue[],
): z.output<S>[] {
  if (value === undefined) return [];
  const parsed = z.array(schema).safeParse(value, { error: issueMessage });
  if (!parsed.success) {
    issues.push(...toFieldIssues(parsed.error.issues, [exportName]));
    return [];
  }
  const seen = new Set<string>();
  parsed.data.forEach((item, i) => {
    if (taken.has(item.name) || seen.has(item.name))
      issues.push({ path: formatPath([exportName, i, 'name']), message: `'${item.name}' is already registered` });
    if (!workflows.has(item.workflow))
      issues.push({
        path: formatPath([exportName, i, 'workflow']),
        message: `no workflow '${item.workflow}' is registered`,
      });
    seen.add(item.name);
  });
  return parsed.data;
}

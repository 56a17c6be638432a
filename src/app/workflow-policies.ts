/**
 * The registered workflows' classifications under the policy: what the gate finds by
 * `ctx.workflow`, what `psizero workflows list/explain` and the dashboard's Policy page show. In
 * the wiring layer because it joins the engine's registry with the policy file.
 */
import type { WorkflowRegistry } from '../engine/registry.ts';
import { PsiZeroError } from '../lib/errors.ts';
import {
  checkWorkflowOverrides,
  explainWorkflow,
  resolveWorkflowPolicy,
  summarizeWorkflow,
  type DecisionRecord,
  type DeclaredWorkflow,
  type Policy,
  type WorkflowPolicy,
  type WorkflowPolicyResolver,
  type WorkflowSummary,
} from '../policy/index.ts';

export interface WorkflowPolicies extends WorkflowPolicyResolver {
  /** Every registered workflow at its latest version, by name. */
  list(): WorkflowSummary[];
  /** The decision record the seed's rule gives the workflow (latest version). */
  explain(name: string): DecisionRecord;
  /** Refuses a policy file that names a workflow nobody registered, naming it and the registered ones. */
  checkOverrides(): void;
}

/**
 * The engine's `checkDefinition`: a workflow whose classification fails the schema, or that the
 * policy classifies only in part while its code declares none, is refused when registered.
 */
export function workflowDefinitionCheck(policy: Policy): (def: DeclaredWorkflow) => void {
  return (def) => {
    resolveWorkflowPolicy(def, policy.workflows[def.name]);
  };
}

export function createWorkflowPolicies(
  registry: Pick<WorkflowRegistry, 'names' | 'latest' | 'get'>,
  policy: Policy,
  source?: string,
): WorkflowPolicies {
  const cache = new Map<string, WorkflowPolicy>();
  const resolve = (def: DeclaredWorkflow): WorkflowPolicy => {
    const key = `${def.name}@${def.version}`;
    let found = cache.get(key);
    if (found === undefined) {
      found = resolveWorkflowPolicy(def, policy.workflows[def.name]);
      cache.set(key, found);
    }
    return found;
  };
  const latest = (name: string): WorkflowPolicy => {
    if (!registry.names().includes(name)) {
      throw new PsiZeroError(
        'UNKNOWN_WORKFLOW',
        `unknown workflow "${name}"; registered workflows: ${registry.names().join(', ') || 'none'}`,
        { kind: 'not_found', retryable: false },
      );
    }
    return resolve(registry.latest(name));
  };
  return {
    policyOf(name, version) {
      const def = registry.get(name, version);
      return def === undefined ? null : resolve(def);
    },
    list: () => registry.names().map((name) => summarizeWorkflow(latest(name), policy)),
    explain: (name) => explainWorkflow(latest(name), policy),
    checkOverrides: () => checkWorkflowOverrides(policy.workflows, registry.names(), source),
  };
}

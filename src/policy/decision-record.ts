/**
 * The decision record kept for every action: the level PsiZero acts at, the base level from the
 * classification, every rule and trigger that produced it in plain English, and who must approve.
 * It is plain JSON so it can go into the audit log unchanged.
 */
import type { ActionChoice, ProposedAction } from './action.ts';
import type { ActionSources } from './action-classification.ts';
import { classifyAction } from './action-classification.ts';
import type { ApprovalFallback } from './approval-kinds.ts';
import { evaluateAutonomyRules } from './classification.ts';
import type { RuntimeSignals, TriggerFinding } from './escalation.ts';
import { applyEscalation, evaluateEscalationTriggers } from './escalation.ts';
import type { Policy } from './policy-schema.ts';
import type { AutonomyLevel, AutonomyMode, Finding } from './primitives.ts';
import { AUTONOMY_MODES, describeRole, maxLevel } from './primitives.ts';
import type { ApprovalRoute, CustomerRef } from './routing.ts';
import { routeApproval } from './routing.ts';
import type { WorkflowPolicy } from './workflow-classification.ts';
import { formatSources, sourceWords } from './workflow-words.ts';

export interface RecordedTrigger extends TriggerFinding {
  /** True when this trigger put the action above its base level. */
  readonly raisedLevel: boolean;
}

export interface DecisionRecord {
  readonly actionId: string;
  readonly title: string;
  readonly level: AutonomyLevel;
  readonly baseLevel: AutonomyLevel;
  readonly mode: AutonomyMode;
  /** The classification rules that set the base level. */
  readonly rules: readonly Finding[];
  /** Every run-time trigger that fired, including ones that changed nothing. */
  readonly triggers: readonly RecordedTrigger[];
  readonly route: ApprovalRoute;
  readonly initiatedBy: string | null;
  /** The amount the route was decided on (run-time signal, else the classification), for people reading the record. */
  readonly financialImpactUsd: number;
  /** The customers the action touches, as the workflow named them. */
  readonly customers: readonly CustomerRef[];
  /**
   * The options the approver chooses between, when the action has them (absent otherwise, so
   * records of actions without choices are exactly what they were before choices existed).
   */
  readonly choices?: readonly ActionChoice[];
  /**
   * Where each value the level was decided on came from (workflow code, policy file, the action, the
   * global policy), for actions the gate decides inside a workflow; absent for actions explained on
   * their own, so such records are exactly what they were before workflows had classifications.
   */
  readonly sources?: ActionSources;
}

/** The record's choices; empty when it has none (also for records stored before choices existed). */
export function choicesOf(record: Pick<DecisionRecord, 'choices'>): readonly ActionChoice[] {
  return record.choices ?? [];
}

/** The label people read for a choice id ("Retry the charge now"); the id itself if the record lacks it. */
export function choiceLabel(record: Pick<DecisionRecord, 'choices'>, choice: string): string {
  return choicesOf(record).find((c) => c.id === choice)?.label ?? choice;
}

/** The signals the triggers see: the run-time signals, with the customer count raised to the customers listed. */
export function effectiveSignals(action: ProposedAction): RuntimeSignals {
  const signals = action.signals ?? {};
  const listed = new Set((action.customers ?? []).map((c) => c.id)).size;
  const counted = signals.customersAffected;
  if (counted === undefined && listed === 0) return signals;
  return { ...signals, customersAffected: Math.max(counted ?? 0, listed) };
}

/**
 * The record for `action`; inside a workflow (`workflow`, as the gate passes it) the action
 * inherits the workflow's classification and triggers and may only raise them, and the level is at
 * least the level the workflow declares.
 */
export function buildDecisionRecord(action: ProposedAction, policy: Policy, workflow?: WorkflowPolicy): DecisionRecord {
  const classified = classifyAction(action, policy, workflow);
  const rule = evaluateAutonomyRules(classified.classification, policy.autonomy);
  const declared = classified.declaredLevel;
  const raisedByDeclaration = declared !== null && declared.value > rule.level;
  const rules: readonly Finding[] = raisedByDeclaration
    ? [
        ...rule.findings,
        {
          id: 'workflow.autonomyLevel',
          level: declared.value,
          reason: `Level ${declared.value}: workflow ${workflow!.name} declares Level ${declared.value} (${sourceWords(declared.source, workflow!.name)})`,
        },
      ]
    : rule.findings;
  const baseLevel = declared === null ? rule.level : maxLevel(rule.level, declared.value);
  const signals = effectiveSignals(action);
  const fired = evaluateEscalationTriggers(signals, classified.escalation);
  const level = applyEscalation(baseLevel, fired);
  const financialImpactUsd = signals.financialImpact ?? classified.classification.financialImpact;
  const route = routeApproval(
    {
      financialImpactUsd,
      customers: action.customers ?? [],
      customersAffected: signals.customersAffected,
      initiatedBy: action.initiatedBy,
      approvalKind: classified.approvalKind.value,
    },
    level,
    policy,
  );
  return {
    actionId: action.id,
    title: action.title,
    level,
    baseLevel,
    mode: AUTONOMY_MODES[level],
    rules,
    triggers: fired.map((t) => ({ ...t, raisedLevel: t.level > baseLevel })),
    route,
    initiatedBy: action.initiatedBy ?? null,
    financialImpactUsd,
    customers: action.customers ?? [],
    ...(action.choices !== undefined && { choices: action.choices.map((c) => ({ ...c })) }),
    ...(workflow !== undefined && { sources: { workflow: workflow.name, ...classified.sources } }),
  };
}

const MODE_WORDS: Readonly<Record<AutonomyMode, string>> = {
  execute_and_report: 'PsiZero executes and reports',
  execute_with_approval: 'PsiZero executes only after approval',
  recommend_only: 'PsiZero only recommends; a person decides',
};

function fallbackWords(fallback: ApprovalFallback, finalRole: string, maxBackupHops: number): string {
  if (fallback === 'escalate_to_backup') {
    const deeper = maxBackupHops > 1 ? `, then to theirs in turn, up to ${maxBackupHops} backups deep` : '';
    return `escalate to each approver's backup${deeper}`;
  }
  if (fallback === 'proceed_with_conservative_default') return "take the workflow's conservative default";
  return `escalate to the final decision maker (${describeRole(finalRole)})`;
}

function formatMinutes(minutes: number): string {
  if (minutes % 60 === 0) return `${minutes / 60} hour${minutes === 60 ? '' : 's'}`;
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}

/**
 * The record as text for the CLI (`psizero policy explain`, `psizero workflows explain`) and
 * notification bodies; `sources` adds where each value came from (notifications leave it out).
 */
export function formatDecisionRecord(record: DecisionRecord, options: { sources?: boolean } = {}): string {
  const lines = [
    `Action ${record.actionId}: ${record.title}`,
    `Decision: Level ${record.level} (${MODE_WORDS[record.mode]})`,
    `Base level ${record.baseLevel}:`,
    ...record.rules.map((r) => `  - ${r.reason}`),
  ];
  if (record.triggers.length > 0) {
    lines.push('Escalation triggers:');
    for (const t of record.triggers) {
      lines.push(`  - ${t.reason}${t.raisedLevel ? '' : ` (no change: already Level ${record.baseLevel})`}`);
    }
  }
  const choices = choicesOf(record);
  if (choices.length > 0) {
    lines.push(`Options (the approver chooses one):`);
    for (const c of choices) {
      const unavailable = c.unavailable ? ` (not available: ${c.unavailable})` : '';
      lines.push(`  - ${c.label} [${c.id}]${c.description ? `: ${c.description}` : ''}${unavailable}`);
    }
  }
  if (options.sources && record.sources !== undefined) lines.push(...formatSources(record.sources));
  const { approval, requirements } = record.route;
  if (approval === null) {
    lines.push('Approval: none needed');
    return lines.join('\n');
  }
  const who = record.level === 3 ? 'Decided by' : 'Approval';
  const needed = `${approval.approvalsNeeded} of ${requirements.length} required`;
  const then = fallbackWords(approval.fallback, approval.finalDecisionMakerRole, approval.maxBackupHops ?? 1);
  const timeout = `${formatMinutes(approval.timeoutMinutes)}, then ${then}`;
  const counted = approval.businessHours ? '; the wait counts business hours only' : '';
  lines.push(`${who}: ${approval.kind}, ${needed}; waits ${timeout}${counted}`);
  for (const req of requirements) {
    const people = req.eligible.map((p) => `${p.name} (${p.id})`).join(', ') || 'nobody available';
    lines.push(`  - ${describeRole(req.role)}: ${people}`);
    for (const reason of req.reasons) lines.push(`      ${reason}`);
  }
  return lines.join('\n');
}

/**
 * The decision record kept for every action: the level PsiZero acts at, the base level from the
 * classification, every rule and trigger that produced it in plain English, and who must approve.
 * It is plain JSON so it can go into the audit log unchanged.
 */
import type { ActionChoice, ProposedAction } from './action.ts';
import type { ApprovalFallback } from './approval-kinds.ts';
import { evaluateAutonomyRules } from './classification.ts';
import type { RuntimeSignals, TriggerFinding } from './escalation.ts';
import { applyEscalation, evaluateEscalationTriggers } from './escalation.ts';
import type { Policy } from './policy-schema.ts';
import type { AutonomyLevel, AutonomyMode, Finding } from './primitives.ts';
import { AUTONOMY_MODES, describeRole } from './primitives.ts';
import type { ApprovalRoute, CustomerRef } from './routing.ts';
import { routeApproval } from './routing.ts';

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

export function buildDecisionRecord(action: ProposedAction, policy: Policy): DecisionRecord {
  const base = evaluateAutonomyRules(action.classification, policy.autonomy);
  const signals = effectiveSignals(action);
  const fired = evaluateEscalationTriggers(signals, policy.escalation);
  const level = applyEscalation(base.level, fired);
  const financialImpactUsd = signals.financialImpact ?? action.classification.financialImpact;
  const route = routeApproval(
    {
      financialImpactUsd,
      customers: action.customers ?? [],
      customersAffected: signals.customersAffected,
      initiatedBy: action.initiatedBy,
    },
    level,
    policy,
  );
  return {
    actionId: action.id,
    title: action.title,
    level,
    baseLevel: base.level,
    mode: AUTONOMY_MODES[level],
    rules: base.findings,
    triggers: fired.map((t) => ({ ...t, raisedLevel: t.level > base.level })),
    route,
    initiatedBy: action.initiatedBy ?? null,
    financialImpactUsd,
    customers: action.customers ?? [],
    ...(action.choices !== undefined && { choices: action.choices.map((c) => ({ ...c })) }),
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

/** The record as text for the CLI (`psizero policy explain`) and notification bodies. */
export function formatDecisionRecord(record: DecisionRecord): string {
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

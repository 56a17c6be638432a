/**
 * Workflow classifications in words, one wording for the decision record's text, the CLI
 * (`psizero workflows list/explain`) and the dashboard's Policy page.
 */
import type { ActionSources } from './action-classification.ts';
import type { Classification } from './classification.ts';
import { formatCount, formatPercent, formatRatio, formatUsd } from './money.ts';
import type { SeedTriggerName, ValueSource } from './workflow-classification.ts';
import { SEED_TRIGGERS } from './workflow-classification.ts';

/** "workflow code default", "policy file (workflows.billing.recovery)", ... */
export function sourceWords(source: ValueSource | 'rule', workflow: string, actionType?: string): string {
  switch (source) {
    case 'code':
      return 'workflow code default';
    case 'policy':
      return `policy file (workflows.${workflow})`;
    case 'policy_action_type':
      return `policy file (workflows.${workflow}.actions.${actionType ?? '?'})`;
    case 'action':
      return 'the action itself';
    case 'global':
      return 'global policy';
    case 'rule':
      return "the seed's rule over its classification";
  }
}

export const CLASSIFICATION_LABELS: Readonly<Record<keyof Classification, string>> = {
  impact: 'impact',
  complexity: 'complexity',
  reversibility: 'reversibility',
  stakeholders: 'stakeholders',
  financialImpact: 'financial impact',
  timeToExecute: 'time to execute',
};

export function classificationValueWords<K extends keyof Classification>(field: K, value: Classification[K]): string {
  if (field === 'financialImpact') return formatUsd(value as number);
  if (field === 'timeToExecute') return `${formatCount(value as number)} minute${value === 1 ? '' : 's'}`;
  return String(value).replaceAll('_', ' ');
}

export const TRIGGER_LABELS: Readonly<Record<SeedTriggerName, string>> = {
  financialThreshold: 'financial threshold',
  customerImpactCount: 'customer impact count',
  systemHealthThreshold: 'system health threshold',
  uncertaintyThreshold: 'uncertainty threshold',
};

/** What a trigger does, in the run-time signal's terms: "Level 2 at or above $1,000". */
export function triggerWords(name: SeedTriggerName, value: number | null): string {
  if (value === null) return 'off';
  switch (name) {
    case 'financialThreshold':
      return `Level 2 at or above ${formatUsd(value)}`;
    case 'customerImpactCount':
      return `Level 2 above ${formatCount(value)} customer${value === 1 ? '' : 's'}`;
    case 'systemHealthThreshold':
      return `Level 2 below ${formatPercent(value)} health`;
    case 'uncertaintyThreshold':
      return `Level 2 above ${formatRatio(value)} uncertainty (model confidence below ${formatRatio(1 - value)})`;
  }
}

/** The record's sources as indented lines under a heading. */
export function formatSources(s: ActionSources): string[] {
  const from = (source: ValueSource) => sourceWords(source, s.workflow, s.actionType);
  const lines = [`Where the values came from (workflow ${s.workflow}, action type ${s.actionType}):`];
  for (const [field, label] of Object.entries(CLASSIFICATION_LABELS) as [keyof Classification, string][]) {
    const v = s.classification[field];
    lines.push(`  - ${label}: ${classificationValueWords(field, v.value)} (${from(v.source)})`);
  }
  if (s.autonomyLevel !== null) {
    lines.push(`  - declared level: Level ${s.autonomyLevel.value} (${from(s.autonomyLevel.source)})`);
  }
  for (const name of SEED_TRIGGERS) {
    const t = s.escalationTriggers[name];
    lines.push(
      `  - ${TRIGGER_LABELS[name]}: ${triggerWords(name, t?.value ?? null)}${t ? ` (${from(t.source)})` : ''}`,
    );
  }
  lines.push(`  - approval kind asked: ${s.approvalKind.value} (${from(s.approvalKind.source)})`);
  return lines;
}

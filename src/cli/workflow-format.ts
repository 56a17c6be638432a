/** `psizero workflows list` as text: one block per workflow, one row per value with its source. */
import {
  CLASSIFICATION_LABELS,
  SEED_TRIGGERS,
  TRIGGER_LABELS,
  classificationValueWords,
  sourceWords,
  triggerWords,
  type Classification,
  type WorkflowSummary,
} from '../policy/index.ts';
import { formatTable } from './format.ts';

function levelWords(w: WorkflowSummary): string {
  if (w.level === null) return 'no level of its own (each action is classified on its own)';
  const how = w.level.source === 'rule' ? 'by' : 'declared:';
  return `Level ${w.level.value} (${how} ${sourceWords(w.level.source, w.name)})`;
}

function rowsOf(w: WorkflowSummary): string[][] {
  const rows: string[][] = [];
  const from = (source: Parameters<typeof sourceWords>[0], type?: string) => sourceWords(source, w.name, type);
  if (w.autonomyLevel !== null) {
    rows.push(['declared level', `Level ${w.autonomyLevel.value}`, from(w.autonomyLevel.source)]);
  }
  if (w.classification === null) {
    rows.push(['classification', 'none: each action gives its own', '']);
  } else {
    for (const [field, label] of Object.entries(CLASSIFICATION_LABELS) as [keyof Classification, string][]) {
      const v = w.classification[field];
      rows.push([label, classificationValueWords(field, v.value), from(v.source)]);
    }
  }
  for (const name of SEED_TRIGGERS) {
    const t = w.escalationTriggers[name];
    rows.push([TRIGGER_LABELS[name], triggerWords(name, t?.value ?? null), t === null ? '' : from(t.source)]);
  }
  rows.push(['approval kind', w.approvalKind.value, from(w.approvalKind.source)]);
  for (const [type, kind] of Object.entries(w.actionKinds)) {
    rows.push([`approval kind of ${type}`, kind, from('policy_action_type', type)]);
  }
  return rows;
}

export function formatWorkflowList(list: readonly WorkflowSummary[]): string {
  if (list.length === 0) return 'no workflows registered\n';
  return list
    .map((w) => {
      const table = formatTable(['SETTING', 'VALUE', 'FROM'], rowsOf(w))
        .split('\n')
        .map((line) => (line === '' ? line : `  ${line}`))
        .join('\n');
      return `${w.name} (version ${w.version}): ${levelWords(w)}\n${table}`;
    })
    .join('\n');
}

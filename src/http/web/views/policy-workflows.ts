/** The Policy page's workflows table: what `psizero workflows list` prints, each value with its source. */
import {
  CLASSIFICATION_LABELS,
  SEED_TRIGGERS,
  TRIGGER_LABELS,
  classificationValueWords,
  sourceWords,
  triggerWords,
  type Classification,
  type ValueSource,
  type WorkflowSummary,
} from '../../../policy/index.ts';
import { h, type Html } from '../html.ts';

const from = (w: WorkflowSummary, source: ValueSource | 'rule', type?: string): Html =>
  h`<span class="faint small">(${sourceWords(source, w.name, type)})</span>`;

function levelCell(w: WorkflowSummary): Html {
  if (w.level === null) return h`<span class="muted">each action decides</span>`;
  return h`Level ${w.level.value} ${from(w, w.level.source)}`;
}

function classificationCell(w: WorkflowSummary): Html {
  const c = w.classification;
  if (c === null) return h`<span class="muted">none: each action gives its own</span>`;
  const fields = Object.entries(CLASSIFICATION_LABELS) as [keyof Classification, string][];
  return h`<ul class="reasons">${fields.map(
    ([field, label]) =>
      h`<li>${label}: ${classificationValueWords(field, c[field].value)} ${from(w, c[field].source)}</li>`,
  )}</ul>`;
}

function triggersCell(w: WorkflowSummary): Html {
  return h`<ul class="reasons">${SEED_TRIGGERS.map((name) => {
    const t = w.escalationTriggers[name];
    return h`<li>${TRIGGER_LABELS[name]}: ${triggerWords(name, t?.value ?? null)} ${t === null ? '' : from(w, t.source)}</li>`;
  })}</ul>`;
}

function kindCell(w: WorkflowSummary): Html {
  const perType = Object.entries(w.actionKinds);
  return h`${w.approvalKind.value} ${from(w, w.approvalKind.source)}${
    perType.length === 0
      ? ''
      : h`<ul class="reasons">${perType.map(([type, kind]) => h`<li>${type}: ${kind} ${from(w, 'policy_action_type', type)}</li>`)}</ul>`
  }`;
}

export function workflowsSection(list: readonly WorkflowSummary[]): Html {
  return h`<section class="card" aria-labelledby="workflows-title"><div class="card-body"><h2 id="workflows-title" class="mb-s">Workflows</h2>
  <p class="muted small mb-s">Each workflow's classification is the floor its actions start from: an action may raise it, never lower it. The policy file's <span class="mono">workflows</span> section overrides the code.</p>
  <div class="table-wrap"><table class="data responsive"><thead><tr><th>Workflow</th><th>Level</th><th>Classification</th><th>Escalation triggers</th><th>Approval kind</th></tr></thead><tbody>${list.map(
    (w) =>
      h`<tr><td data-label="Workflow"><span class="mono">${w.name}</span> <span class="faint small">v${w.version}</span></td><td data-label="Level">${levelCell(w)}</td><td data-label="Classification">${classificationCell(w)}</td><td data-label="Escalation triggers">${triggersCell(w)}</td><td data-label="Approval kind">${kindCell(w)}</td></tr>`,
  )}</tbody></table></div></div></section>`;
}

/** The runs list (with filters, demo runs hidden unless asked), one run's page (its subject, approvals, timeline) and the runs/schedules tabs. */
import type { Approval } from '../../../approvals/index.ts';
import type { HistoryEvent, RunRecord } from '../../../store/types.ts';
import { ago, approvalStatus, dateTime, duration, json, runStatus } from '../format.ts';
import { h, type Html } from '../html.ts';
import type { RunSubject } from './runs-subject.ts';
import { timelineView, type NameOf } from './timeline.ts';
import { RUN_STATUSES } from '../../../store/types.ts';

export { RUN_STATUSES };

export interface RunFilters {
  workflow: string;
  status: string;
  /** '1' shows the engine's demo runs too. */
  demo: string;
}

export interface ListedRun {
  run: RunRecord;
  subject: RunSubject;
}

/** Runs and Schedules are two views of the same work. */
export function runTabs(current: 'runs' | 'schedules'): Html {
  const tab = (id: 'runs' | 'schedules', href: string, label: string) =>
    h`<a href="${href}"${id === current ? h` aria-current="page" class="active"` : ''}>${label}</a>`;
  return h`<nav class="tabs page-tabs" aria-label="Runs and schedules">${tab('runs', '/runs', 'Runs')}${tab('schedules', '/schedules', 'Schedules')}</nav>`;
}

function subjectCell(listed: ListedRun): Html {
  const { run, subject } = listed;
  return h`<a class="subject" href="/runs/${run.id}">${subject.what}</a>${subject.subject === null ? '' : h`<div>${subject.subject}</div>`}
    <div class="subject-meta"><span class="mono">${run.id}</span> · ${run.workflow} v${run.version}</div>`;
}

export function runsView(
  runs: ListedRun[],
  filters: RunFilters,
  workflows: string[],
  now: number,
  next: string | null,
): Html {
  const query = (extra: Record<string, string>) => new URLSearchParams({ ...filters, ...extra }).toString();
  return h`<div class="page-head"><div><h1>Runs</h1><p>Every workflow run, newest first, named for what it is about.</p></div></div>
${runTabs('runs')}
<form class="filters" method="get" action="/runs">
  <div class="field"><label for="workflow">Workflow</label>
    <select id="workflow" name="workflow"><option value="">All workflows</option>${workflows.map(
      (w) => h`<option${w === filters.workflow ? h` selected` : ''}>${w}</option>`,
    )}</select></div>
  <div class="field"><label for="status">Status</label>
    <select id="status" name="status"><option value="">Any status</option>${RUN_STATUSES.map(
      (s) => h`<option value="${s}"${s === filters.status ? h` selected` : ''}>${s.replaceAll('_', ' ')}</option>`,
    )}</select></div>
  <div class="field min-w-0"><label class="check"><input type="checkbox" name="demo" value="1"${filters.demo === '1' ? h` checked` : ''}> Show demo runs</label></div>
  <div class="field min-w-0"><button class="btn btn-secondary" type="submit">Filter</button></div>
</form>
<div class="card">
${
  runs.length === 0
    ? h`<div class="empty"><h2>No runs</h2><p>Nothing matches these filters yet.</p></div>`
    : h`<div class="table-wrap"><table class="data responsive runs">
  <thead><tr><th>What it is about</th><th>Status</th><th>Started</th><th>Next step</th></tr></thead>
  <tbody>${runs.map(
    (listed) => h`<tr data-run="${listed.run.id}">
      <td data-label="Run">${subjectCell(listed)}</td>
      <td data-label="Status">${runStatus(listed.run.status)}</td>
      <td data-label="Started" title="${new Date(listed.run.createdAt).toISOString()}">${ago(listed.run.createdAt, now)}</td>
      <td data-label="Next step">${listed.run.status === 'waiting' && listed.run.runnableAt !== null ? dateTime(listed.run.runnableAt) : h`<span class="muted">—</span>`}</td>
    </tr>`,
  )}</tbody></table></div>`
}
</div>
${next ? h`<p class="mt"><a class="btn btn-secondary" href="/runs?${query({ before: next })}">Older runs →</a></p>` : ''}`;
}

export interface RunPageInput {
  run: RunRecord;
  subject: RunSubject;
  history: HistoryEvent[];
  approvals: Approval[];
  now: number;
  nameOf: NameOf;
  /** Forms for cancel/retry when the viewer may operate runs. */
  operate: { csrf: Html | string } | null;
  flash: string | null;
}

function operations(run: RunRecord, csrf: Html | string): Html | string {
  const ended = run.status === 'completed' || run.status === 'failed' || run.status === 'cancelled';
  const retry = run.status === 'failed' || run.status === 'needs_attention';
  if (ended && !retry) return '';
  return h`<div class="actions">
    ${retry ? h`<form method="post" action="/runs/${run.id}/retry">${csrf}<button class="btn btn-secondary" type="submit">Retry</button></form>` : ''}
    ${ended ? '' : h`<form method="post" action="/runs/${run.id}/cancel">${csrf}<button class="btn btn-reject" type="submit">Cancel run</button></form>`}
  </div>`;
}

/** Small values inline, large ones one click away. */
function jsonBlock(label: string, value: unknown): Html {
  const text = json(value);
  const size = text.length < 1_024 ? `${text.length} B` : `${(text.length / 1_024).toFixed(1)} KB`;
  return h`<details class="data"${text.length < 300 ? h` open` : ''}><summary>${label} <span class="faint">· ${size}</span></summary><pre>${text}</pre></details>`;
}

/** Links to the customer and the invoice the run is about. */
function subjectFacts(subject: RunSubject): Html {
  const { customerId, invoiceId } = subject.refs;
  return h`${customerId === undefined ? '' : h`<div class="fact"><dt>Customer</dt><dd><a href="/customers/${encodeURIComponent(customerId)}">${subject.names.customer ?? customerId}</a></dd></div>`}
    ${invoiceId === undefined ? '' : h`<div class="fact"><dt>Invoice</dt><dd><a href="/invoices/${encodeURIComponent(invoiceId)}">${subject.names.invoice ?? invoiceId}</a></dd></div>`}`;
}

export function runPageView(input: RunPageInput): Html {
  const { run, history, approvals, now } = input;
  const ended = run.status === 'completed' || run.status === 'failed' || run.status === 'cancelled';
  const steps = history.filter((e) => e.type === 'step_completed').length;
  const took = ended ? duration(run.updatedAt - run.createdAt) : `${duration(now - run.createdAt)} so far`;
  const { subject } = input;
  return h`<div class="crumbs"><a href="/runs">Runs</a> / ${subject.what}</div>
${input.flash ? h`<div class="notice ok mb" role="status">${input.flash}</div>` : ''}
<div class="stack">
<section class="card"><div class="card-body">
  <div class="run-head">
    <div><h1>${subject.what}${subject.subject === null ? '' : h`: <span class="weight-normal">${subject.subject}</span>`}</h1>
      <p class="muted small mt-xs">${run.workflow} v${run.version} · <span class="mono">${run.id}</span></p></div>
    ${input.operate ? operations(run, input.operate.csrf) : ''}
  </div>
  <dl class="facts">
    ${subjectFacts(subject)}
    <div class="fact"><dt>Status</dt><dd>${runStatus(run.status)}</dd></div>
    <div class="fact"><dt>Started</dt><dd>${dateTime(run.createdAt)}</dd></div>
    <div class="fact"><dt>${ended ? 'Took' : 'Running for'}</dt><dd>${took}</dd></div>
    <div class="fact"><dt>Steps done</dt><dd>${steps}</dd></div>
    ${run.status === 'waiting' && run.runnableAt !== null ? h`<div class="fact"><dt>Wakes</dt><dd>${dateTime(run.runnableAt)}</dd></div>` : ''}
    ${run.parentId ? h`<div class="fact"><dt>Parent run</dt><dd><a class="mono small" href="/runs/${run.parentId}">${run.parentId}</a></dd></div>` : ''}
  </dl>
  ${run.error ? h`<div class="notice bad mt"><strong>${run.error.code}</strong>: ${run.error.message}</div>` : ''}
</div>
${
  approvals.length > 0
    ? h`<div class="section"><h3>Approvals</h3><ul class="requirements">${approvals.map(
        (a) => h`<li><a href="/approvals/${a.id}">${a.title}</a>${approvalStatus(a.status)}</li>`,
      )}</ul></div>`
    : ''
}
<div class="section"><details class="engineer"><summary>Engineer detail: input and output</summary>${jsonBlock('Input', run.input)}${run.output !== null ? jsonBlock('Output', run.output) : ''}</details></div>
</section>
<section class="card"><div class="card-body"><h2 class="mb-s">Timeline</h2>${timelineView(history, input.nameOf, run.workflow)}</div></section>
</div>`;
}

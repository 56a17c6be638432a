import type { RunInspection } from '../engine/engine.ts';
import type { HistoryEvent, RunRecord } from '../store/types.ts';

const iso = (t: number | null): string => (t === null ? '-' : new Date(t).toISOString().replace('.000Z', 'Z'));

export function formatRunList(runs: RunRecord[]): string {
  if (runs.length === 0) return 'no runs\n';
  const rows = runs.map((r) => [
    r.id,
    r.workflow,
    `v${r.version}`,
    r.status,
    iso(r.createdAt),
    r.status === 'waiting' ? iso(r.runnableAt) : '',
  ]);
  return formatTable(['RUN', 'WORKFLOW', 'VER', 'STATUS', 'CREATED', 'WAKES'], rows);
}

/** Columns padded to their widest cell, two spaces apart: what every list command prints. */
export function formatTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return `${[line(header), ...rows.map(line)].join('\n')}\n`;
}

function describe(e: HistoryEvent): string {
  const d = e.data;
  switch (e.type) {
    case 'step_completed':
      return `step '${String(d.name)}' completed (attempt ${String(d.attempt)})`;
    case 'step_failed':
      return `step '${String(d.name)}' attempt ${String(d.attempt)} failed: ${(d.error as { message: string }).message}${d.retryAt ? `; retry at ${iso(d.retryAt as number)}` : '; no more retries'}`;
    case 'timer_set':
      return `timer '${String(d.name)}' set for ${iso(d.due as number)}`;
    case 'wait_started':
      return `waiting for '${String(d.topic)}'${d.timeoutAt ? ` until ${iso(d.timeoutAt as number)}` : ''}`;
    case 'event_received':
      return `received event ${(d.event as { id: string }).id}`;
    case 'child_started':
      return `started child ${String(d.childId)} (${String(d.workflow)})`;
    case 'child_finished':
      return `child ${String(d.childId)} ${String(d.status)}`;
    case 'event_emitted':
      return `emitted '${String(d.topic)}'`;
    case 'compensation_completed':
      return `compensated step '${String(d.name)}'`;
    case 'run_failed':
      return `failed: ${(d.error as { message: string }).message}`;
    case 'needs_attention':
    case 'run_cancelled':
      return `${e.type.replace('_', ' ')}: ${String(d.message ?? d.reason)}`;
    default:
      return e.type.replaceAll('_', ' ');
  }
}

export function formatTimeline({ run, history }: RunInspection): string {
  const head = [
    `run       ${run.id}`,
    `workflow  ${run.workflow} v${run.version}`,
    `status    ${run.status}${run.status === 'waiting' ? ` (wakes ${iso(run.runnableAt)})` : ''}`,
    `input     ${JSON.stringify(run.input)}`,
    ...(run.output !== null ? [`output    ${JSON.stringify(run.output)}`] : []),
    ...(run.error ? [`error     ${run.error.code}: ${run.error.message}`] : []),
    '',
    'history',
  ];
  const lines = history.map((e) => `  ${String(e.seq).padStart(4)}  ${iso(e.at)}  ${describe(e)}`);
  return `${[...head, ...lines].join('\n')}\n`;
}

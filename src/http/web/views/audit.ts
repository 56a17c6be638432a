/** The audit log with the verification status of its hash chain. */
import {
  summarizeAuditEntry,
  type AuditEntry,
  type AuditVerification,
  type SummaryStyle,
} from '../../../audit/index.ts';
import { formatShortTime } from '../../../channels/message.ts';
import type { Directory } from '../../../policy/index.ts';
import { dateTime } from '../format.ts';
import { h, raw, type Html } from '../html.ts';
import { personName } from './decision-record.ts';

/** The audit log's shared summary (src/audit/summary.ts) in words: codes with spaces, people by name. */
function wordsStyle(directory: Directory): SummaryStyle {
  return {
    code: (value) => value.replaceAll('_', ' '),
    person: (id) => personName(directory, id),
    // The log is one record for every reader: its times stay in UTC, as its entries are stored.
    time: (t) => formatShortTime(t, 'UTC'),
    arrow: '→',
    quote: (text) => `“${text}”`,
    ellipsis: '…',
  };
}

const TONE: Record<string, string> = {
  approval_decision: 'accent',
  action_executed: 'ok',
  action_failed: 'bad',
  action_not_executed: 'bad',
  approval_expired: 'bad',
  approval_escalated: 'warn',
  approval_timed_out: 'warn',
  decision_record: 'info',
  notification_failed: 'bad',
};

const SHIELD = raw(
  '<svg class="glyph ok" viewBox="0 0 24 24" width="28" height="28" aria-hidden="true"><path d="M12 2.5 4 5.5v6c0 5 3.4 8.9 8 10 4.6-1.1 8-5 8-10v-6l-8-3Z" fill="currentColor" opacity=".14"/><path d="M12 2.5 4 5.5v6c0 5 3.4 8.9 8 10 4.6-1.1 8-5 8-10v-6l-8-3Z" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linejoin="round"/><path d="m8.5 12 2.4 2.4 4.6-4.8" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round"/></svg>',
);
const WARNING = raw(
  '<svg class="glyph bad" viewBox="0 0 24 24" width="28" height="28" aria-hidden="true"><path d="M12 3 2.5 20h19L12 3Z" fill="currentColor" opacity=".14"/><path d="M12 3 2.5 20h19L12 3Z" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linejoin="round"/><path d="M12 9.5v5M12 17.2v.3" stroke="currentColor" stroke-width="1.8" stroke-linecap="round"/></svg>',
);

function chainBanner(v: AuditVerification): Html {
  if (v.ok) {
    return h`<div class="card chain" data-chain="intact">${SHIELD}<div>
      <strong>Chain intact.</strong> <span class="muted">${v.entries} entries verified; nothing was edited, deleted or reordered.</span>
      <div class="hash">head #${v.head.seq} · ${v.head.hash}</div></div></div>`;
  }
  return h`<div class="card chain notice bad" data-chain="broken" role="alert">${WARNING}<div>
    <strong>Tampering detected at entry #${v.seq} (${v.problem.replaceAll('_', ' ')}).</strong> ${v.message}
    <div class="small">${v.entriesChecked} entries checked before it were intact.</div></div></div>`;
}

export function auditView(
  entries: AuditEntry[],
  verification: AuditVerification,
  directory: Directory,
  kind: string,
  kinds: readonly string[],
): Html {
  const newestFirst = [...entries].reverse();
  const style = wordsStyle(directory);
  return h`<div class="page-head"><div><h1>Audit log</h1><p>Every decision record, request, notification and decision, hash-chained.</p></div></div>
<div class="stack">
${chainBanner(verification)}
<form class="filters m-0" method="get" action="/audit">
  <div class="field"><label for="kind">Kind</label><select id="kind" name="kind"><option value="">All kinds</option>${kinds.map(
    (k) => h`<option value="${k}"${k === kind ? h` selected` : ''}>${k.replaceAll('_', ' ')}</option>`,
  )}</select></div>
  <div class="field min-w-0"><button class="btn btn-secondary" type="submit">Filter</button></div>
</form>
<div class="card">${
    newestFirst.length === 0
      ? h`<div class="empty"><h2>No entries</h2></div>`
      : h`<div class="table-wrap"><table class="data responsive">
  <thead><tr><th>#</th><th>When</th><th>What</th><th>Who</th><th>Detail</th></tr></thead>
  <tbody>${newestFirst.map(
    (e) => h`<tr>
      <td data-label="#" class="num mono">${e.seq}</td>
      <td data-label="When" class="nowrap">${dateTime(e.at)}</td>
      <td data-label="What"><span class="badge ${TONE[e.kind] ?? ''}">${e.kind.replaceAll('_', ' ')}</span></td>
      <td data-label="Who">${e.actor === 'system' ? h`<span class="muted">PsiZero</span>` : personName(directory, e.actor)} <span class="faint small">· ${e.channel}</span></td>
      <td data-label="Detail">${summarizeAuditEntry(e, style)}${e.runId ? h` <a class="small" href="/runs/${e.runId}">run</a>` : ''}</td>
    </tr>`,
  )}</tbody></table></div>`
  }</div>
</div>`;
}

/**
 * The Schedules page: every cron schedule in words, its next firings in the schedule's own time
 * zone (and, through the page script's local times, in the reader's), and its last firings with
 * the runs they started.
 */
import { WEEKDAY_NAMES } from '../../../lib/calendar.ts';
import type { RunRecord } from '../../../store/types.ts';
import type { ScheduleView } from '../../shared/services.ts';
import { runStatus } from '../format.ts';
import { h, type Html } from '../html.ts';
import { runTabs } from './runs.ts';
import type { RunSubject } from './runs-subject.ts';

const two = (n: string): string => n.padStart(2, '0');
const isNumber = (field: string): boolean => /^\d+$/.test(field);

/** The common cron shapes in words ("every day at 06:00"); anything else is quoted as it is. */
export function cronWords(cron: string): string {
  const fields = cron.trim().split(/\s+/);
  if (fields.length !== 5) return `on the cron schedule ${cron}`;
  const [minute, hour, dom, month, dow] = fields as [string, string, string, string, string];
  const step = /^\*\/(\d+)$/.exec(minute);
  if (step && hour === '*' && dom === '*' && month === '*' && dow === '*') return `every ${step[1]} minutes`;
  if (minute === '0' && hour === '*' && dom === '*' && month === '*' && dow === '*') return 'every hour, on the hour';
  if (!isNumber(minute) || !isNumber(hour) || month !== '*') return `on the cron schedule ${cron}`;
  const at = `at ${two(hour)}:${two(minute)}`;
  if (dom === '*' && dow === '*') return `every day ${at}`;
  if (dom === '*' && dow === '1-5') return `every weekday ${at}`;
  if (dom === '*' && isNumber(dow)) return `every ${WEEKDAY_NAMES[Number(dow) % 7]} ${at}`;
  if (isNumber(dom) && dow === '*') return `on day ${dom} of every month ${at}`;
  return `on the cron schedule ${cron}`;
}

/** "Dec 3, 06:00 UTC" in the given zone. */
export function zonedTime(ms: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-US', {
    timeZone,
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  }).format(ms);
}

/** The instant in the schedule's zone, and the same instant in the reader's (the page script rewrites it). */
function firingTime(ms: number, timeZone: string): Html {
  const iso = new Date(ms).toISOString();
  // One element, so that in a phone's stacked table row the two parts wrap onto two lines.
  return h`<span><span class="nowrap">${zonedTime(ms, timeZone)}</span> <span class="muted small nowrap">(your time: <time datetime="${iso}" data-local>${zonedTime(ms, 'UTC')}</time>)</span></span>`;
}

/** The slot a scheduled run was started for, from its key `schedule:<name>:<slot ISO>`. */
export function slotOfKey(key: string | null, name: string): number | null {
  const prefix = `schedule:${name}:`;
  if (key === null || !key.startsWith(prefix)) return null;
  const slot = Date.parse(key.slice(prefix.length));
  return Number.isNaN(slot) ? null : slot;
}

export interface ScheduleCard {
  schedule: ScheduleView;
  /** What the scheduled workflow does, in words. */
  what: string;
  upcoming: number[];
  firings: { run: RunRecord; subject: RunSubject }[];
}

function scheduleCard(card: ScheduleCard): Html {
  const { schedule: s } = card;
  return h`<section class="card" data-schedule="${s.name}" aria-labelledby="schedule-${s.name}"><div class="card-body stack">
  <div class="run-head"><div><h2 id="schedule-${s.name}">${card.what}</h2>
    <p class="muted small mt-xs">Schedule <span class="mono">${s.name}</span> starts <span class="mono">${s.workflow}</span></p></div></div>
  <dl class="facts">
    <div class="fact"><dt>When</dt><dd>${cronWords(s.cron)} (${s.timezone})<div class="muted small mono">${s.cron}</div></dd></div>
    <div class="fact"><dt>After downtime</dt><dd>${s.catchUp === 'all' ? 'fires every missed slot' : s.catchUp === 'fire_once' ? 'fires the latest missed slot once' : 'skips missed slots'}</dd></div>
  </dl>
  <div><h3 class="mb-s">Next firings</h3><ol class="plain" data-next>${card.upcoming.map((ms) => h`<li>${firingTime(ms, s.timezone)}</li>`)}</ol></div>
  <div><h3 class="mb-s">Last firings</h3>${
    card.firings.length === 0
      ? h`<p class="muted">Not fired yet.</p>`
      : h`<div class="table-wrap"><table class="data responsive"><thead><tr><th>Slot</th><th>Run</th><th>Status</th></tr></thead><tbody>${card.firings.map(
          ({ run, subject }) => {
            const slot = slotOfKey(run.idempotencyKey, s.name);
            return h`<tr><td data-label="Slot">${slot === null ? '—' : firingTime(slot, s.timezone)}</td><td data-label="Run"><a href="/runs/${run.id}">${subject.subject ?? subject.what}</a></td><td data-label="Status">${runStatus(run.status)}</td></tr>`;
          },
        )}</tbody></table></div>`
  }</div>
</div></section>`;
}

export function schedulesView(cards: ScheduleCard[]): Html {
  return h`<div class="page-head"><div><h1>Schedules</h1><p>What PsiZero starts on its own, when it next does, and what it started last.</p></div></div>
${runTabs('schedules')}
${
  cards.length === 0
    ? h`<div class="card"><div class="empty"><h2>No schedules</h2><p>No workflow runs on a schedule.</p></div></div>`
    : h`<div class="stack">${cards.map(scheduleCard)}</div>`
}`;
}

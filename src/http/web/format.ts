/** Formatting for people: money, times, durations, role names, statuses. */
import { describeRole, formatUsd } from '../../policy/index.ts';
import { h, raw, type Html } from './html.ts';

export { describeRole, formatUsd };

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number): string => String(n).padStart(2, '0');

/** "Mar 1, 12:05 UTC" (the countdown script shows it in the reader's zone). */
export function dateTime(ms: number): Html {
  const d = new Date(ms);
  const text = `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC`;
  return h`<time datetime="${d.toISOString()}" data-local>${text}</time>`;
}

/** "12:05:09" for timelines, in UTC. */
export function clockTime(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** "3h 20m", "45s". */
export function duration(ms: number): string {
  const s = Math.floor(Math.abs(ms) / 1000);
  const d = Math.floor(s / 86_400);
  const hours = Math.floor((s % 86_400) / 3_600);
  const m = Math.floor((s % 3_600) / 60);
  if (d > 0) return `${d}d ${hours}h`;
  if (hours > 0) return `${hours}h ${m}m`;
  if (m > 0) return `${m}m ${s % 60}s`;
  return `${s % 60}s`;
}

/** A policy timeout in words: "5 minutes", "4 hours", "1 day". */
export function durationWords(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  const unit = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  if (minutes % 1_440 === 0) return unit(minutes / 1_440, 'day');
  if (minutes % 60 === 0) return unit(minutes / 60, 'hour');
  return unit(minutes, 'minute');
}

/** "5 minutes ago" style, relative to `now`. */
export function ago(ms: number, now: number): string {
  const diff = now - ms;
  if (diff < 0) return `in ${duration(-diff)}`;
  if (diff < 45_000) return 'just now';
  return `${duration(diff)} ago`;
}

const CLOCK_ICON = raw(
  '<svg class="icon" viewBox="0 0 16 16" width="14" height="14" aria-hidden="true"><circle cx="8" cy="8" r="6.25" fill="none" stroke="currentColor" stroke-width="1.5"/><path d="M8 4.5V8l2.5 1.5" fill="none" stroke="currentColor" stroke-width="1.5" stroke-linecap="round"/></svg>',
);

/** A run id shortened for tight spaces ("run_0mmwj…89b7c5a"); the full id goes in a title. */
export function shortId(id: string): string {
  return id.length <= 18 ? id : `${id.slice(0, 9)}…${id.slice(-7)}`;
}

/** A deadline that counts down in the browser (server text is right at render time). */
export function countdown(deadline: number, now: number): Html {
  const left = deadline - now;
  const cls = left < 0 ? 'overdue' : left < 15 * 60_000 ? 'soon' : '';
  const text = left >= 0 ? `${duration(left)} left` : `overdue by ${duration(left)}`;
  return h`<span class="deadline ${cls}" data-deadline="${deadline}" title="Deadline ${new Date(deadline).toISOString()}">${CLOCK_ICON}<span class="left">${text}</span></span>`;
}

const RUN_STATUS_TONE: Record<string, string> = {
  completed: 'ok',
  failed: 'bad',
  needs_attention: 'bad',
  cancelled: '',
  waiting: 'info',
  running: 'accent',
  pending: '',
};

export function runStatus(status: string): Html {
  return h`<span class="badge ${RUN_STATUS_TONE[status] ?? ''}"><span class="dot"></span>${status.replaceAll('_', ' ')}</span>`;
}

const APPROVAL_STATUS_TONE: Record<string, string> = {
  pending: 'warn',
  escalated: 'warn',
  approved: 'ok',
  rejected: 'bad',
  expired: '',
};

export function approvalStatus(status: string): Html {
  return h`<span class="badge ${APPROVAL_STATUS_TONE[status] ?? ''}">${status}</span>`;
}

/** `open`: the approval still waits; once settled the badge names only the level, not what it asks for. */
export function levelBadge(level: number, open = true): Html {
  const asks = level === 3 ? 'you decide' : level === 2 ? 'needs approval' : 'automatic';
  if (!open && level > 1) return h`<span class="badge">Level ${level}</span>`;
  return h`<span class="badge ${level === 3 ? 'bad' : level === 2 ? 'warn' : 'ok'}">Level ${level} · ${asks}</span>`;
}

export function json(value: unknown): string {
  return JSON.stringify(value, null, 2);
}

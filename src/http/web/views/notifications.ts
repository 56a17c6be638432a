/** The signed-in person's dashboard notifications: what PsiZero told them, newest first. */
import type { ApprovalStatus } from '../../../approvals/index.ts';
import { DECISION_REQUEST_TYPES } from '../../../notifications/index.ts';
import type { NotificationView } from '../../shared/services.ts';
import { ago, dateTime } from '../format.ts';
import { h, type Html } from '../html.ts';

export const NOTIFICATION_FILTERS = ['all', 'unread'] as const;
export type NotificationFilter = (typeof NOTIFICATION_FILTERS)[number];

export interface NotificationsInput {
  notifications: NotificationView[];
  /** How the approvals that requests are about stand now: a settled one marks its requests settled. */
  statuses: ReadonlyMap<string, ApprovalStatus>;
  show: NotificationFilter;
  /** Unread in all, not only on this page. */
  unread: number;
  now: number;
  /** The hidden CSRF field for the mark-read forms. */
  csrf: Html | string;
  /** Link the run only for people who may open runs; the approval page checks its own access. */
  runLink: boolean;
  flash: string | null;
  /** True when the page shows at most this many and there may be more. */
  truncatedAt: number | null;
}

function filterTabs(show: NotificationFilter, unread: number): Html {
  const tab = (value: NotificationFilter, label: string) =>
    h`<a class="tab ${show === value ? 'active' : ''}" href="/notifications?show=${value}"${show === value ? h` aria-current="page"` : ''}>${label}</a>`;
  return h`<nav class="tabs" aria-label="Filter">${tab('all', 'All')}${tab('unread', `Unread (${unread})`)}</nav>`;
}

const SETTLED: Record<string, { text: string; tone: string }> = {
  approved: { text: 'Settled: approved', tone: 'ok' },
  rejected: { text: 'Settled: rejected', tone: 'bad' },
  expired: { text: 'Settled: nobody decided in time', tone: '' },
};

/** A request about an approval that is now decided or expired: nobody needs to act on it any more. */
function settledOf(n: NotificationView, input: NotificationsInput): { text: string; tone: string } | null {
  if (n.approvalId === null || !DECISION_REQUEST_TYPES.includes(n.type)) return null;
  const status = input.statuses.get(n.approvalId);
  return status === undefined ? null : (SETTLED[status] ?? null);
}

function links(n: NotificationView, runLink: boolean, settled: boolean): Html | string {
  const approval =
    n.approvalId === null
      ? ''
      : h`<a href="/approvals/${n.approvalId}">${settled ? 'See how it ended' : 'Open the approval'}</a>`;
  const run =
    n.runId === null || !runLink
      ? ''
      : h`<a class="small" href="/runs/${n.runId}">Run <span class="mono">${n.runId}</span></a>`;
  return approval === '' && run === '' ? '' : h`${approval}${run}`;
}

function item(n: NotificationView, input: NotificationsInput): Html {
  const unread = n.readAt === null;
  const settled = settledOf(n, input);
  return h`<li class="notification ${unread ? 'unread' : ''}" id="${n.id}" data-read="${unread ? 'no' : 'yes'}"${settled ? h` data-settled="yes"` : ''}>
    <div class="notification-head">
      ${unread ? h`<span class="badge accent">Unread</span>` : ''}
      ${settled ? h`<span class="badge ${settled.tone}">${settled.text}</span>` : ''}
      <strong class="notification-title">${n.title}</strong>
      <span class="faint small nowrap" title="${new Date(n.createdAt).toISOString()}">${dateTime(n.createdAt)} · ${ago(n.createdAt, input.now)}</span>
    </div>
    <p class="notification-body">${n.body}</p>
    <div class="actions mt-s">
      ${links(n, input.runLink, settled !== null)}
      ${
        unread
          ? h`<form method="post" action="/notifications/read">${input.csrf}<input type="hidden" name="id" value="${n.id}"><input type="hidden" name="show" value="${input.show}"><button class="btn btn-secondary" type="submit">Mark read</button></form>`
          : ''
      }
    </div>
  </li>`;
}

export function notificationsView(input: NotificationsInput): Html {
  const { notifications, show, unread } = input;
  const lead = unread === 0 ? 'Nothing unread.' : `${unread} unread.`;
  const empty =
    show === 'unread'
      ? h`<div class="empty"><div class="glyph">✓</div><h2>All read</h2><p>New notifications appear here, in Slack and by email.</p></div>`
      : h`<div class="empty"><h2>No notifications yet</h2><p>When PsiZero asks you to decide something or tells you how a decision went, it appears here.</p></div>`;
  return h`<div class="page-head"><div><h1>Notifications</h1><p>${lead} Newest first.</p></div>
  ${
    unread > 0
      ? h`<form method="post" action="/notifications/read-all">${input.csrf}<input type="hidden" name="show" value="${show}"><button class="btn btn-secondary" type="submit">Mark all read</button></form>`
      : ''
  }
</div>
${input.flash ? h`<div class="notice ok mb" role="status">${input.flash}</div>` : ''}
${filterTabs(show, unread)}
<div class="card">${notifications.length === 0 ? empty : h`<ul class="notifications">${notifications.map((n) => item(n, input))}</ul>`}</div>
${input.truncatedAt !== null ? h`<p class="muted small mt">Showing the latest ${input.truncatedAt}.</p>` : ''}`;
}

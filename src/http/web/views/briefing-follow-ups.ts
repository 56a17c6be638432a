/**
 * The viewer's open follow-ups on the Briefing page: the tasks mornings planned for them (follow
 * up with an engaged trial, propose an upgrade), each with its customer, the morning that named
 * it, and buttons to mark it done or dismiss it. An open task comes back in the next briefing.
 */
import type { FollowUp } from '../../../briefings/index.ts';
import { longDay } from '../../../workflows/briefing/index.ts';
import { h, type Html } from '../html.ts';

export function followUpsCard(tasks: readonly FollowUp[], csrf: Html | string, date: string): Html {
  const rows = tasks.map(
    (t) => h`<li class="follow-up" data-follow-up="${t.id}">
<div><a id="fu-${t.id}" href="/customers/${encodeURIComponent(t.customerId)}">${t.text}</a><div class="muted small">From the briefing of ${longDay(t.briefingDate)}</div></div>
<form method="post" action="/follow-ups/${encodeURIComponent(t.id)}" class="inline-actions">${csrf}<input type="hidden" name="back" value="${date}">
<button class="btn btn-secondary" type="submit" name="status" value="done" aria-describedby="fu-${t.id}">Done</button>
<button class="btn btn-secondary" type="submit" name="status" value="dismissed" aria-describedby="fu-${t.id}">Dismiss</button></form></li>`,
  );
  return h`<section class="card" id="follow-ups" aria-labelledby="follow-ups-h"><h2 id="follow-ups-h">Your follow-ups</h2>
<div class="card-body">${
    tasks.length === 0
      ? h`<p class="muted">No open follow-ups. The follow-ups a morning’s plan names are added here, and each comes back in the next briefing until you mark it done or dismiss it.</p>`
      : h`<ul class="follow-up-list">${rows}</ul>`
  }</div></section>`;
}

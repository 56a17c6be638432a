/**
 * The Briefing page: one morning's briefing as the viewer's role reads it (the same sections as
 * the email and Slack message), a chart per metric over 90 days, earlier mornings, and a form to
 * rate it (1-5 and a comment) for the feedback workflow to come.
 */
import type { BriefingRating, FollowUp } from '../../../briefings/index.ts';
import { briefingSections, longDay, type PersonalBriefing } from '../../../workflows/briefing/index.ts';
import { dateTime } from '../format.ts';
import { h, type Html } from '../html.ts';
import { metricChart } from './briefing-charts.ts';
import { followUpsCard } from './briefing-follow-ups.ts';
import { ratedText, ratingChoices } from './rating-words.ts';

export interface BriefingPageInput {
  date: string;
  /** Null when the viewer's roles get no briefing. */
  briefing: PersonalBriefing | null;
  composedAt: number;
  /** Mornings with a stored briefing, newest first. */
  dates: string[];
  rating: BriefingRating | null;
  /** The viewer's open follow-ups, now (not as of the morning shown). */
  followUps: FollowUp[];
  csrf: Html | string;
  flash: string | null;
}

function sectionCard(section: ReturnType<typeof briefingSections>['sections'][number]): Html {
  const id = `section-${section.id}`;
  const items = section.items.map(
    (item) =>
      h`<li>${item.text}${item.details.length > 0 ? h`<ul class="briefing-details">${item.details.map((d) => h`<li>${d}</li>`)}</ul>` : ''}</li>`,
  );
  const list = section.numbered
    ? h`<ol class="briefing-list">${items}</ol>`
    : h`<ul class="briefing-list">${items}</ul>`;
  return h`<section class="card briefing-section ${section.id === 'urgent' ? 'urgent' : ''}" aria-labelledby="${id}" data-section="${section.id}">
<h2 id="${id}"><span aria-hidden="true">${section.emoji} </span>${section.title}</h2>
<div class="card-body">${section.items.length === 0 ? h`<p class="muted">${section.empty ?? ''}</p>` : list}</div>
</section>`;
}

function ratingForm(input: BriefingPageInput): Html {
  const current = input.rating?.rating ?? null;
  return h`<section class="card" id="rate" aria-labelledby="rate-h"><h2 id="rate-h">Rate this briefing</h2>
<form class="card-body rating-form" method="post" action="/briefing/${input.date}/rating">
${input.csrf}
${ratingChoices(current, 'How useful was this morning’s briefing to you?')}
<div class="field"><label for="rating-comment">Comment (optional)</label><textarea id="rating-comment" name="comment" rows="2" maxlength="2000">${input.rating?.comment ?? ''}</textarea></div>
<div class="actions"><button class="btn btn-primary" type="submit">${current === null ? 'Save rating' : 'Update rating'}</button>
${input.rating === null ? '' : h`<span class="muted small">${ratedText(input.rating)}</span>`}</div>
</form></section>`;
}

function earlier(input: BriefingPageInput): Html {
  return h`<nav class="card briefing-days" aria-labelledby="days-h"><h2 id="days-h">Mornings</h2><ul class="card-body briefing-day-list">${input.dates.map(
    (d) =>
      h`<li><a href="/briefing/${d}"${d === input.date ? h` aria-current="page" class="active"` : ''}>${longDay(d)}</a></li>`,
  )}</ul></nav>`;
}

export function briefingView(input: BriefingPageInput): Html {
  const b = input.briefing;
  const head = h`<div class="page-head"><div><h1>Morning briefing</h1><p>${longDay(input.date)} · composed ${dateTime(input.composedAt)}</p></div></div>
${input.flash ? h`<div class="notice ok mb" role="status">${input.flash}</div>` : ''}`;
  if (b === null)
    return h`${head}<div class="empty"><h2>No briefing for your role</h2><p>The morning briefing goes to the owner, finance and customer success; your roles get none.</p></div>${earlier(input)}`;
  const text = briefingSections(b);
  return h`${head}
<p class="briefing-greeting">${text.greeting}</p>
<div class="briefing">
${text.sections.map(sectionCard)}
</div>
<p class="briefing-closing">${text.closing}</p>
${followUpsCard(input.followUps, input.csrf, input.date)}
${
  b.metrics.length === 0
    ? ''
    : h`<h2 class="section-title" id="charts">The last 90 days</h2>
<div class="chart-grid">${b.metrics.map(
        (m) =>
          h`<section class="card" aria-labelledby="chart-${m.id}-h"><h3 class="card-title" id="chart-${m.id}-h">${m.label}</h3>${metricChart(m)}</section>`,
      )}</div>`
}
<div class="grid-2">${ratingForm(input)}${earlier(input)}</div>`;
}

export function noBriefingView(schedule: { cron: string; timezone: string }): Html {
  return h`<div class="page-head"><div><h1>Morning briefing</h1></div></div>
<div class="empty"><h2>No briefing yet</h2><p>The first morning briefing is composed on the schedule “${schedule.cron}” in ${schedule.timezone} (08:00 by default), and then every morning.</p></div>`;
}

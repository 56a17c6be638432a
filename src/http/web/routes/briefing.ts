/**
 * The Briefing page: the latest stored morning (`/briefing`), any morning (`/briefing/:date`) as
 * the viewer's role reads it, and rating it from the dashboard (email and Slack link here).
 */
import { z } from 'zod';
import type { Clock } from '../../../lib/clock.ts';
import { NotFoundError } from '../../../lib/errors.ts';
import { RULES } from '../../shared/access-rules.ts';
import { deciderOf } from '../../shared/approval-access.ts';
import { formBody } from '../../shared/csrf.ts';
import type { ApiRouter } from '../../shared/router.ts';
import type { BriefingPort, FollowUpsPort } from '../../shared/services.ts';
import { parseOrThrow } from '../../shared/validation.ts';
import { principalOf, render, type PageDeps } from '../context.ts';
import { csrfField } from '../layout.ts';
import { briefingView, noBriefingView } from '../views/briefing.ts';

/** Mornings listed beside a briefing. */
const DAYS = 30;

const DateParam = z.iso.date({ message: 'expected a date as YYYY-MM-DD' });
const RatingForm = z.object({
  rating: z.coerce.number().int().min(1).max(5),
  comment: z.string().trim().max(2000).default(''),
});

export interface BriefingPageDeps extends PageDeps {
  briefing: BriefingPort;
  followUps: FollowUpsPort;
  clock: Clock;
}

const FLASH: Readonly<Record<string, string>> = {
  rated: 'Thank you: your rating is saved.',
  'follow-up-done': 'The follow-up is marked done.',
  'follow-up-dismissed': 'The follow-up is dismissed.',
};

/** The open follow-ups listed on the page (the oldest come back in the briefing first). */
const FOLLOW_UPS_SHOWN = 50;

export function registerBriefingPages(router: ApiRouter, deps: BriefingPageDeps): void {
  const { guard, briefing, followUps, clock } = deps;

  router.get('/briefing', guard.allow(RULES.briefingRead, { page: true }), async (c) => {
    const [latest] = await briefing.dates(1);
    if (latest === undefined) return render(c, deps, 'briefing', 'Morning briefing', noBriefingView(briefing.schedule));
    return c.redirect(`/briefing/${latest}`, 303);
  });

  router.get('/briefing/:date', guard.allow(RULES.briefingRead, { page: true }), async (c) => {
    const date = parseOrThrow(DateParam, c.req.param('date'), 'date', 'param');
    const principal = principalOf(c);
    const personId = deciderOf(principal);
    const [stored, dates, rating, tasks] = await Promise.all([
      briefing.get(date),
      briefing.dates(DAYS),
      briefing.ratingOf(date, personId),
      followUps.list({ personId, status: 'open', limit: FOLLOW_UPS_SHOWN }),
    ]);
    if (stored === null) throw new NotFoundError('briefing', date);
    const reader = { id: personId, name: principal.name, roles: principal.kind === 'person' ? principal.roles : [] };
    const content = briefingView({
      date,
      briefing: briefing.cut(stored.model, reader),
      composedAt: stored.composedAt,
      dates,
      rating,
      csrf: csrfField(principal),
      followUps: tasks,
      flash: FLASH[c.req.query('done') ?? ''] ?? null,
    });
    return render(c, deps, 'briefing', `Morning briefing, ${date}`, content);
  });

  // The guard has checked Origin and the CSRF token before the handler runs.
  router.post('/briefing/:date/rating', guard.allow(RULES.briefingRead, { page: true }), async (c) => {
    const date = parseOrThrow(DateParam, c.req.param('date'), 'date', 'param');
    const personId = deciderOf(principalOf(c));
    const form = parseOrThrow(RatingForm, (await formBody(c)) ?? {}, 'form', 'form');
    if (!(await briefing.exists(date))) throw new NotFoundError('briefing', date);
    await briefing.rate({
      date,
      personId,
      rating: form.rating,
      comment: form.comment === '' ? null : form.comment,
      channel: 'dashboard',
      ratedAt: clock.now(),
    });
    return c.redirect(`/briefing/${date}?done=rated#rate`, 303);
  });
}

/**
 * Emailed rating links of the morning briefing. GET shows the rating form with the link's score
 * preselected and changes nothing (mail scanners and link previews open links); POST, from the
 * page's own form, stores the rating with channel `email` as the token's person. The signed token
 * is the credential, so no session is needed; the Origin check keeps other sites from posting a
 * token they somehow learned. A link may be used again until it expires: rating again replaces.
 */
import { z } from 'zod';
import { RATING_LINK_PATH, RatingLinkError, type RatingLinkClaims } from '../../../briefings/index.ts';
import type { Clock } from '../../../lib/clock.ts';
import { NotConfiguredError, NotFoundError } from '../../../lib/errors.ts';
import { findPerson, type Person } from '../../../policy/index.ts';
import { publicAccess } from '../../shared/access-rules.ts';
import { checkOrigin, formBody } from '../../shared/csrf.ts';
import type { HttpSettings } from '../../shared/http-settings.ts';
import type { ApiRouter, Guarded } from '../../shared/router.ts';
import type { BriefingPort, PolicyPort, RatingLinksPort } from '../../shared/services.ts';
import { parseOrThrow } from '../../shared/validation.ts';
import type { WebContext } from '../context.ts';
import { standalone } from '../layout.ts';
import { ratingLinkDoneView, ratingLinkView } from '../views/rating-link.ts';

const RATING_LINK_ROUTE = `${RATING_LINK_PATH}/:token`;

const TokenParam = z.string().min(1).max(2_000);
const Score = z.coerce.number().int().min(1).max(5);
const RatingForm = z.object({
  rating: z.string().max(16).optional(),
  comment: z.string().trim().max(2_000).default(''),
});

export interface RatingLinkPageDeps extends Guarded {
  /** Null until rating links are configured (a link secret and a public URL). */
  ratingLinks: RatingLinksPort | null;
  briefing: BriefingPort;
  policy: PolicyPort;
  clock: Clock;
  settings: HttpSettings;
}

/** The token's person (still in the directory, still getting the briefing) and morning; throws the page's 4xx otherwise. */
async function holderOf(
  deps: RatingLinkPageDeps,
  token: string,
): Promise<{ claims: RatingLinkClaims; person: Person }> {
  if (deps.ratingLinks === null)
    throw new NotConfiguredError('RATING_LINKS_DISABLED', 'rating links are not enabled on this server');
  const claims = deps.ratingLinks.verify(token, deps.clock.now());
  const person = findPerson(deps.policy.current.directory, claims.personId);
  if (person === undefined)
    throw new RatingLinkError(
      'RATING_LINK_INVALID',
      "this rating link is for someone no longer in PsiZero's directory",
    );
  if (!deps.briefing.receives(person))
    throw new RatingLinkError('RATING_LINK_INVALID', 'this rating link is for someone who no longer gets the briefing');
  if (!(await deps.briefing.exists(claims.date))) throw new NotFoundError('briefing', claims.date);
  return { claims, person };
}

async function formPage(
  c: WebContext,
  deps: RatingLinkPageDeps,
  token: string,
  form: { score: number | null; comment: string; problem: string | null },
  status: 200 | 400,
): Promise<Response> {
  const { claims, person } = await holderOf(deps, token);
  const current = await deps.briefing.ratingOf(claims.date, person.id);
  const view = ratingLinkView({ date: claims.date, personName: person.name, current, ...form });
  c.header('cache-control', 'no-store');
  return c.html(standalone('Rate your morning briefing', view), status);
}

export function registerRatingLinkPages(router: ApiRouter, deps: RatingLinkPageDeps): void {
  const { guard, settings } = deps;

  router.get(
    RATING_LINK_ROUTE,
    guard.allow(publicAccess('the signed rating link token; GET changes nothing')),
    async (c) => {
      const token = parseOrThrow(TokenParam, c.req.param('token'), 'rating link', 'param');
      const score = Score.safeParse(c.req.query('score'));
      return formPage(c, deps, token, { score: score.success ? score.data : null, comment: '', problem: null }, 200);
    },
  );

  router.post(
    RATING_LINK_ROUTE,
    guard.allow(publicAccess('the signed rating link token; Origin checked')),
    async (c) => {
      checkOrigin(c, settings);
      const token = parseOrThrow(TokenParam, c.req.param('token'), 'rating link', 'param');
      const form = parseOrThrow(RatingForm, (await formBody(c)) ?? {}, 'rating', 'form');
      const score = Score.safeParse(form.rating);
      if (!score.success)
        return formPage(
          c,
          deps,
          token,
          { score: null, comment: form.comment, problem: 'Please choose a rating from 1 to 5.' },
          400,
        );
      const { claims, person } = await holderOf(deps, token);
      const rating = {
        date: claims.date,
        personId: person.id,
        rating: score.data,
        comment: form.comment === '' ? null : form.comment,
        channel: 'email',
        ratedAt: deps.clock.now(),
      };
      await deps.briefing.rate(rating);
      c.header('cache-control', 'no-store');
      return c.html(standalone('Rating saved', ratingLinkDoneView(rating, person.name)));
    },
  );
}

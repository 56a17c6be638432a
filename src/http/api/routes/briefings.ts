/**
 * The morning briefing: the stored mornings, the caller's own cut of one (JSON with its plain text,
 * or the text alone), and the caller's rating of it. The cut does the filtering: a caller never
 * receives a section their role may not see.
 */
import type { Context } from 'hono';
import { z } from 'zod';
import { AuthError, type Principal } from '../../../auth/index.ts';
import type { Clock } from '../../../lib/clock.ts';
import { NotFoundError } from '../../../lib/errors.ts';
import type { Directory } from '../../../policy/index.ts';
import { briefingSections, renderBriefingText, type Reader } from '../../../workflows/briefing/index.ts';
import { RULES } from '../../shared/access-rules.ts';
import { receivingReaderOf } from '../../shared/briefing-reader.ts';
import type { ApiEnv } from '../../shared/env.ts';
import type { ApiRouter, Guarded } from '../../shared/router.ts';
import type { BriefingPort, StoredMorning } from '../../shared/services.ts';
import {
  BriefingRatingSchema,
  BriefingSummarySchema,
  DateParams,
  PersonalBriefingSchema,
  RatingBody,
  publicBriefing,
  publicRating,
} from '../briefing-schemas.ts';
import { guardedRoute } from '../openapi.ts';
import { errorResponse, errorResponses, json } from '../schemas.ts';

/** The most mornings one list returns: a year. */
export const BRIEFING_PAGE_MAX = 365;

const ListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(BRIEFING_PAGE_MAX).default(30),
});

const FormatQuery = z.strictObject({
  format: z
    .enum(['json', 'text'])
    .default('json')
    .meta({ description: '`text`: the briefing as plain text (text/plain), as the email text part reads' }),
});

const BriefingResponse = z.object({
  briefing: PersonalBriefingSchema,
  text: z.string().meta({ description: 'the briefing as plain text, in the layout of the seed’s sample' }),
  composedAt: z.number().meta({ description: 'when the morning was composed (epoch milliseconds)' }),
});

const briefingResponses = {
  200: {
    description: "the caller's cut of the morning",
    content: { 'application/json': { schema: BriefingResponse }, 'text/plain': { schema: z.string() } },
  },
  ...errorResponses,
};

const WHO =
  'The caller reads as themselves: the signed-in person, or the person an API key is bound to (with that ' +
  "person's roles; a key bound to nobody gets 403 PERSON_REQUIRED). A person none of whose roles gets a " +
  'briefing gets 403 FORBIDDEN.';

export interface BriefingRouteDeps extends Guarded {
  briefing: BriefingPort;
  auth: { directory: Directory };
  clock: Clock;
}

export function registerBriefingRoutes(api: ApiRouter, { guard, briefing, auth, clock }: BriefingRouteDeps): void {
  const readerOf = (principal: Principal) => receivingReaderOf(briefing, principal, auth.directory);

  /** The stored morning, or NOT_FOUND. */
  const morning = async (date: string): Promise<StoredMorning> => {
    const stored = await briefing.get(date);
    if (stored === null) throw new NotFoundError('briefing', date);
    return stored;
  };

  /** The caller's cut of a morning, as JSON or as its plain text. */
  const answer = (c: Context<ApiEnv>, reader: Reader, stored: StoredMorning, format: 'json' | 'text') => {
    const cut = briefing.cut(stored.model, reader);
    if (cut === null) throw new AuthError('FORBIDDEN', 'none of your roles gets a morning briefing');
    const text = renderBriefingText(briefingSections(cut));
    if (format === 'text') return c.text(text, 200);
    return c.json({ briefing: publicBriefing(cut), text, composedAt: stored.composedAt }, 200);
  };

  api.openapi(
    guardedRoute(guard, RULES.briefingOwn, {
      method: 'get',
      path: '/api/briefings',
      operationId: 'listBriefings',
      tags: ['briefings'],
      summary: 'The stored mornings, newest first, with the caller’s urgent items and rating',
      description: WHO,
      request: { query: ListQuery },
      responses: {
        200: json(z.object({ briefings: z.array(BriefingSummarySchema) }), 'the mornings'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const reader = readerOf(c.get('principal')!);
      const mornings = await briefing.recent(c.req.valid('query').limit);
      const ratings = new Map(
        (
          await briefing.ratingsBy(
            reader.id,
            mornings.map((m) => m.date),
          )
        ).map((r) => [r.date, r.rating]),
      );
      const briefings = mornings.map((m) => ({
        date: m.date,
        composedAt: m.composedAt,
        urgent: briefing.cut(m.model, reader)?.urgent.length ?? 0,
        rating: ratings.get(m.date) ?? null,
      }));
      return c.json({ briefings }, 200);
    },
  );

  // Before `{date}`: "latest" is not a date.
  api.openapi(
    guardedRoute(guard, RULES.briefingOwn, {
      method: 'get',
      path: '/api/briefings/latest',
      operationId: 'getLatestBriefing',
      tags: ['briefings'],
      summary: 'The caller’s cut of the newest stored morning',
      description: WHO,
      request: { query: FormatQuery },
      responses: { ...briefingResponses, 404: errorResponse('no briefing stored yet') },
    }),
    async (c) => {
      const reader = readerOf(c.get('principal')!);
      const [latest] = await briefing.recent(1);
      if (latest === undefined) throw new NotFoundError('briefing', 'latest');
      return answer(c, reader, latest, c.req.valid('query').format);
    },
  );

  api.openapi(
    guardedRoute(guard, RULES.briefingOwn, {
      method: 'get',
      path: '/api/briefings/{date}',
      operationId: 'getBriefing',
      tags: ['briefings'],
      summary: 'The caller’s cut of one morning',
      description: WHO,
      request: { params: DateParams, query: FormatQuery },
      responses: { ...briefingResponses, 404: errorResponse('no briefing that morning') },
    }),
    async (c) => {
      const reader = readerOf(c.get('principal')!);
      return answer(c, reader, await morning(c.req.valid('param').date), c.req.valid('query').format);
    },
  );

  api.openapi(
    guardedRoute(guard, RULES.briefingOwn, {
      method: 'get',
      path: '/api/briefings/{date}/rating',
      operationId: 'getBriefingRating',
      tags: ['briefings'],
      summary: 'The caller’s rating of one morning',
      description: WHO,
      request: { params: DateParams },
      responses: {
        200: json(z.object({ rating: BriefingRatingSchema }), 'the rating'),
        404: errorResponse('no briefing that morning, or the caller has not rated it'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const reader = readerOf(c.get('principal')!);
      const { date } = c.req.valid('param');
      if (!(await briefing.exists(date))) throw new NotFoundError('briefing', date);
      const rating = await briefing.ratingOf(date, reader.id);
      if (rating === null) throw new NotFoundError('briefing rating', date);
      return c.json({ rating: publicRating(rating) }, 200);
    },
  );

  api.openapi(
    guardedRoute(guard, RULES.briefingOwn, {
      method: 'post',
      path: '/api/briefings/{date}/rating',
      operationId: 'rateBriefing',
      tags: ['briefings'],
      summary: 'Rate one morning 1-5, with an optional comment',
      description: `${WHO} Rating again replaces the rating; it is stored with the channel \`api\` for the feedback workflow.`,
      request: {
        params: DateParams,
        body: { required: true, content: { 'application/json': { schema: RatingBody } } },
      },
      responses: {
        200: json(z.object({ rating: BriefingRatingSchema }), 'the stored rating'),
        404: errorResponse('no briefing that morning'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const reader = readerOf(c.get('principal')!);
      const { date } = c.req.valid('param');
      const body = c.req.valid('json');
      if (!(await briefing.exists(date))) throw new NotFoundError('briefing', date);
      const rating = {
        date,
        personId: reader.id,
        rating: body.rating,
        comment: body.comment === undefined || body.comment === '' ? null : body.comment,
        channel: 'api',
        ratedAt: clock.now(),
      };
      await briefing.rate(rating);
      return c.json({ rating: publicRating(rating) }, 200);
    },
  );
}

/**
 * The morning briefing as the API returns it: a person's cut of a stored morning (the workflow's
 * PersonalBriefing, src/workflows/briefing/audience.ts), the list of mornings, and ratings. The
 * cut is already the reader's view, so it is returned as it is; these schemas describe it.
 */
import { z } from 'zod';
import {
  ACTION_IDS,
  AUDIENCES,
  ESCALATION_RULES,
  METRIC_IDS,
  TOPICS,
  type PersonalBriefing,
} from '../../workflows/briefing/index.ts';
import { EXTRA_SOURCES, SEED_SOURCES } from '../../workflows/briefing/sources/index.ts';
import { FOLLOW_UP_KINDS, type BriefingRating, type FollowUp } from '../../briefings/index.ts';

export const BriefingDate = z.iso.date({ message: 'expected a date as YYYY-MM-DD' });
export const DateParams = z.object({ date: BriefingDate });

const Direction = z.enum(['up', 'down', 'flat']);
const Topics = z.array(z.enum(TOPICS));

const ChangeSchema = z.object({
  current: z.number(),
  base: z.number(),
  delta: z.number().meta({ description: 'current − base' }),
  percent: z.number().nullable().meta({ description: '100 · delta / |base|; null when the base is 0' }),
  direction: Direction,
});

const PacingSchema = z.object({
  actual: z.number(),
  target: z.number(),
  elapsed: z.number().meta({ description: 'share of the period elapsed, in (0, 1]' }),
  expectedToDate: z.number().meta({ description: "the target's share for the elapsed part" }),
  change: ChangeSchema.meta({ description: 'actual against expectedToDate' }),
  projected: z.number().meta({ description: 'where the period ends if the pace holds' }),
});

const TrendSchema = z.object({
  direction: Direction.meta({ description: 'flat unless the trend is distinguishable from noise' }),
  slope: z.number().meta({ description: 'units per day (Theil-Sen)' }),
  relativeSlope: z.number().nullable(),
  pValue: z.number(),
  n: z.number().int().meta({ description: 'days with a value in the window' }),
});

const ExpectedBandSchema = z.object({ value: z.number(), lower: z.number(), upper: z.number() });

const Series = z.array(z.number().nullable());

const MetricReportSchema = z
  .object({
    id: z.enum(METRIC_IDS),
    label: z.string(),
    unit: z.enum(['usd_cents', 'count', 'percent', 'ms']),
    topics: Topics,
    higherIsBetter: z.boolean(),
    day: z.string().meta({ description: 'the UTC day reported' }),
    value: z.number().nullable(),
    vsYesterday: ChangeSchema.nullable(),
    vsWeekAgo: ChangeSchema.nullable(),
    vsMonthAgo: ChangeSchema.nullable(),
    monthToDate: ChangeSchema.nullable(),
    vsTarget: PacingSchema.nullable(),
    expected: ExpectedBandSchema.nullable().meta({
      description: "the anomaly detector's expected value and band for the day; null while it is still learning",
    }),
    anomaly: z.boolean(),
    score: z.number().nullable().meta({ description: 'anomaly score in [0, 1]' }),
    trend7: TrendSchema,
    trend28: TrendSchema,
    chart: z.object({
      from: z.string().meta({ description: 'first day; one entry per day through the reported day' }),
      values: Series,
      expected: Series,
      lower: Series,
      upper: Series,
      anomalies: z.array(z.string()),
      target: Series.nullable(),
    }),
  })
  .meta({ id: 'BriefingMetric' });

const CustomerRefSchema = z.object({ id: z.string(), name: z.string(), csmId: z.string().nullable() });

const EscalationCheckSchema = z
  .object({
    rule: z.enum(ESCALATION_RULES),
    criterion: z.string().meta({ description: 'in the policy\'s words, e.g. "revenue variance > 10%"' }),
    topics: Topics,
    status: z.enum(['fired', 'clear', 'not_checked']),
    value: z.number().nullable().meta({ description: 'the figure compared with the threshold' }),
    threshold: z.number(),
    summary: z.string(),
    details: z.array(z.object({ text: z.string(), customer: CustomerRefSchema.optional() })),
  })
  .meta({ id: 'BriefingCheck' });

const SourceStatusSchema = z.object({
  name: z.enum([...SEED_SOURCES, ...EXTRA_SOURCES]),
  title: z.string(),
  status: z.enum(['ok', 'unavailable']),
  reason: z.string().nullable(),
});

const ActionSummarySchema = z.object({
  id: z.enum(ACTION_IDS),
  topics: Topics,
  count: z.number().int(),
  cents: z.number().int().nullable().meta({ description: 'money involved; null when the action moves none' }),
  text: z.string(),
  auditSeqs: z.array(z.number().int()).meta({ description: 'the audit entries counted' }),
});

export const PersonalBriefingSchema = z
  .object({
    date: z.string().meta({ description: "the morning's date in the briefing's zone" }),
    timezone: z.string(),
    day: z.string().meta({ description: 'the UTC day the daily figures report' }),
    asOf: z.number().meta({ description: 'the moment the briefing describes (epoch milliseconds)' }),
    reader: z.object({
      id: z.string(),
      name: z.string(),
      audience: z.object({
        kind: z.enum(AUDIENCES),
        csmId: z
          .string()
          .nullable()
          .meta({ description: "a customer-success manager's own id: only their customers are in the cut" }),
      }),
    }),
    urgent: z.array(EscalationCheckSchema).meta({ description: 'criteria that fired, as far as the reader may see' }),
    notChecked: z.array(EscalationCheckSchema),
    metrics: z.array(MetricReportSchema).meta({ description: "company-wide figures in the reader's topics" }),
    unavailable: z.array(SourceStatusSchema),
    actions: z.array(ActionSummarySchema),
    opportunities: z.array(
      z.object({
        kind: z.enum(['engaged_trial', 'near_quota']),
        topics: Topics,
        text: z.string(),
        customer: CustomerRefSchema,
      }),
    ),
    newCustomers: z.array(CustomerRefSchema.extend({ plan: z.string(), segment: z.string(), trial: z.boolean() })),
    focus: z.array(
      z.object({
        kind: z.enum(['urgent', 'approval', 'follow_up', 'upgrade']),
        text: z.string(),
        deadline: z.number().nullable(),
        ref: z.string().meta({ description: 'an approval id, a customer id, or the escalation rule' }),
        carried: z.object({ id: z.string(), since: z.string() }).nullable().meta({
          description:
            'a follow-up an earlier morning planned, still open: its task id (see /api/follow-ups) and that morning; null for one this morning plans',
        }),
      }),
    ),
    moreFollowUps: z
      .number()
      .int()
      .meta({ description: 'open follow-ups from earlier mornings not named in the plan' }),
  })
  .meta({
    id: 'PersonalBriefing',
    description:
      "A person's cut of a morning: the owner sees everything, finance revenue, billing and recovery, customer success " +
      'health, onboarding, support and expansion (a customer-success manager only their own customers, no company-wide figures).',
  });

export const BriefingRatingSchema = z
  .object({
    date: z.string(),
    rating: z.number().int().min(1).max(5),
    comment: z.string().nullable(),
    channel: z.string().meta({ description: 'where it was given: api, dashboard, ...' }),
    ratedAt: z.number(),
  })
  .meta({ id: 'BriefingRating' });

export const BriefingSummarySchema = z
  .object({
    date: z.string(),
    composedAt: z.number(),
    urgent: z.number().int().meta({ description: "urgent items in the caller's cut" }),
    rating: z.number().int().nullable().meta({ description: "the caller's rating (1-5); null when not rated" }),
  })
  .meta({ id: 'BriefingSummary' });

export const RatingBody = z.strictObject({
  rating: z.number().int().min(1).max(5),
  comment: z.string().trim().max(2_000).optional().meta({ description: 'empty is no comment' }),
});

/** Without personId: it is always the caller. */
export function publicRating(r: BriefingRating): z.infer<typeof BriefingRatingSchema> {
  return { date: r.date, rating: r.rating, comment: r.comment, channel: r.channel, ratedAt: r.ratedAt };
}

/** The cut goes out as it is; the type check keeps the schema and the workflow's type together. */
export function publicBriefing(b: PersonalBriefing): z.infer<typeof PersonalBriefingSchema> {
  return { ...b, metrics: b.metrics.map((m) => ({ ...m, topics: [...m.topics] })) };
}

export const FollowUpSchema = z
  .object({
    id: z.string(),
    kind: z.enum(FOLLOW_UP_KINDS),
    customerId: z.string(),
    text: z.string(),
    briefingDate: z.string().meta({ description: 'the morning whose plan named it' }),
    createdAt: z.number(),
    status: z.enum(['open', 'done', 'dismissed']),
    closedAt: z.number().nullable(),
  })
  .meta({ id: 'FollowUp', description: 'A follow-up a morning briefing planned for the caller: a task.' });

/** Without the person (always the caller), the run and who closed it (the caller). */
export function publicFollowUp(f: FollowUp): z.infer<typeof FollowUpSchema> {
  return {
    id: f.id,
    kind: f.kind,
    customerId: f.customerId,
    text: f.text,
    briefingDate: f.briefingDate,
    createdAt: f.createdAt,
    status: f.status,
    closedAt: f.closedAt,
  };
}

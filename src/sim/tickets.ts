/**
 * Support tickets of one customer. Tickets come more often in the first weeks, on outage days
 * (mostly outage reports) and after payment failures (billing); categories, subcategories,
 * severities, channels and satisfaction follow the segment and the situation. Nothing is opened
 * or resolved after the window's `until`.
 */
import {
  TICKET_TAXONOMY,
  type TicketCategory,
  type TicketInput,
  type TicketSubcategory,
} from '../domain/model/index.ts';
import { TRAITS } from './catalog.ts';
import { priceOn, type Story } from './lifecycle.ts';
import type { Weighted } from './prng.ts';
import { ticketText } from './ticket-text.ts';
import type { SimWindow, World } from './world.ts';
import { MONTH_NAMES } from '../lib/calendar.ts';

type Severity = TicketInput['severity'] & string;
type Channel = TicketInput['channel'];

const CATEGORY_MIX: Weighted<TicketCategory> = [
  ['technical', 0.42],
  ['billing', 0.24],
  ['feature', 0.16],
  ['general', 0.18],
];

const SUBCATEGORY_MIX: Record<TicketCategory, Weighted<TicketSubcategory>> = {
  technical: [
    ['api_integration_issues', 0.3],
    ['authentication_problems', 0.2],
    ['rate_limiting_questions', 0.15],
    ['performance_concerns', 0.15],
    ['documentation_clarification', 0.12],
    ['security_concerns', 0.03],
    ['data_loss_reports', 0.02],
    ['service_outage_reports', 0.03],
  ],
  billing: TICKET_TAXONOMY.billing.map((s, i) => [s, [0.3, 0.2, 0.2, 0.2, 0.1][i]!] as const),
  feature: TICKET_TAXONOMY.feature.map((s) => [s, 1] as const),
  general: TICKET_TAXONOMY.general.map((s, i) => [s, [0.35, 0.5, 0.15][i]!] as const),
};

const SEVERITY_MIX: Partial<Record<TicketSubcategory, Weighted<Severity>>> = {
  security_concerns: [
    ['high', 0.6],
    ['critical', 0.4],
  ],
  data_loss_reports: [
    ['high', 0.4],
    ['critical', 0.6],
  ],
  service_outage_reports: [
    ['high', 0.5],
    ['critical', 0.5],
  ],
  performance_concerns: [
    ['medium', 0.6],
    ['high', 0.4],
  ],
  api_integration_issues: [
    ['low', 0.2],
    ['medium', 0.55],
    ['high', 0.25],
  ],
  authentication_problems: [
    ['low', 0.2],
    ['medium', 0.5],
    ['high', 0.3],
  ],
  payment_method_updates: [
    ['low', 0.3],
    ['medium', 0.6],
    ['high', 0.1],
  ],
  refund_requests: [
    ['low', 0.4],
    ['medium', 0.5],
    ['high', 0.1],
  ],
};
const DEFAULT_SEVERITY: Weighted<Severity> = [
  ['low', 0.6],
  ['medium', 0.35],
  ['high', 0.05],
];
const BUMP: Record<Severity, Severity> = { low: 'medium', medium: 'high', high: 'critical', critical: 'critical' };

const CHANNELS: Record<Story['archetype'], Weighted<Channel>> = {
  developer: [
    ['web', 0.45],
    ['chat', 0.3],
    ['email', 0.25],
  ],
  startup: [
    ['email', 0.4],
    ['chat', 0.35],
    ['web', 0.25],
  ],
  mid_market: [
    ['email', 0.5],
    ['chat', 0.2],
    ['web', 0.15],
    ['phone', 0.15],
  ],
  enterprise: [
    ['email', 0.4],
    ['slack', 0.3],
    ['phone', 0.15],
    ['web', 0.15],
  ],
};

/** Hours to resolve, by severity: [min, max]. */
const RESOLUTION_HOURS: Record<Severity, [number, number]> = {
  critical: [1, 6],
  high: [2, 24],
  medium: [4, 48],
  low: [12, 120],
};

/** People write fewer tickets at weekends (they use the API less, too). */
const WEEKEND_TICKETS = 0.55;

export function ticketsFor(
  story: Story,
  window: SimWindow,
  world: World,
  failureDays: ReadonlySet<number>,
  idPrefix: string,
): TicketInput[] {
  const rng = story.rng;
  const traits = TRAITS[story.archetype];
  const tickets: TicketInput[] = [];
  const from = Math.max(0, story.signupDay);
  const to = Math.min(window.days, story.endDay);
  for (let d = from; d < to; d++) {
    const outage = world.apiDowntime[d]! > 0;
    const afterFailure = failureDays.has(d) || failureDays.has(d - 1) || failureDays.has(d - 2);
    const p =
      traits.ticketRate *
        (d - story.signupDay < 14 ? 2 : 1) *
        (outage ? 1 + world.apiDowntime[d]! / 20 : 1) *
        (window.weekend[d] === 1 ? WEEKEND_TICKETS : 1) +
      (afterFailure ? 0.08 : 0);
    if (!rng.chance(p)) continue;
    let category: TicketCategory;
    let subcategory: TicketSubcategory;
    if (outage && rng.chance(0.7)) [category, subcategory] = ['technical', 'service_outage_reports'];
    else if (afterFailure && rng.chance(0.7))
      [category, subcategory] = ['billing', rng.chance(0.7) ? 'payment_method_updates' : 'invoice_questions'];
    else {
      category = rng.weighted(CATEGORY_MIX);
      subcategory = rng.weighted(SUBCATEGORY_MIX[category]);
    }
    // Nobody on the free plan is charged: their billing questions are about plans.
    if (category === 'billing' && priceOn(story, d).monthlyCents === 0) subcategory = 'plan_changes';
    let severity = rng.weighted(SEVERITY_MIX[subcategory] ?? DEFAULT_SEVERITY);
    if (story.archetype === 'enterprise' && rng.chance(0.3)) severity = BUMP[severity];
    const createdAt = window.dayMs[d]! + Math.round(rng.float(7, 20) * 3_600_000);
    const day = window.dayNames[d]!;
    const price = priceOn(story, d);
    const text = ticketText(rng, subcategory, {
      company: story.name,
      plan: price.plan,
      severity,
      month: `${MONTH_NAMES[Number(day.slice(5, 7)) - 1]!} ${day.slice(0, 4)}`,
      amount: `$${(price.monthlyCents / 100).toFixed(2)}`,
    });
    const [minH, maxH] = RESOLUTION_HOURS[severity];
    const hours = rng.logUniform(minH, maxH);
    const resolvedAt = createdAt + Math.round(hours * 3_600_000);
    // Not opened yet: the rest of today has not happened.
    if (createdAt > window.until) continue;
    const done = resolvedAt <= window.until;
    // Classification is left blank on a few recent open tickets: triage has not run yet.
    const untriaged = !done && rng.chance(0.3);
    tickets.push({
      id: `tkt_${idPrefix}${story.index + 1}_${day.replace(/-/g, '')}`,
      customerId: story.id,
      subject: text.subject,
      body: text.body,
      channel: rng.weighted(CHANNELS[story.archetype]),
      status: done
        ? rng.chance(0.8)
          ? 'resolved'
          : 'closed'
        : rng.weighted([
            ['new', 0.4],
            ['open', 0.4],
            ['pending', 0.2],
          ] as const),
      category: untriaged ? null : category,
      subcategory: untriaged ? null : subcategory,
      severity: untriaged ? null : severity,
      satisfactionScore: done && rng.chance(0.6) ? satisfaction(rng.next(), hours / maxH, severity) : null,
      createdAt,
      resolvedAt: done ? resolvedAt : null,
    });
  }
  return tickets;
}

/** Mostly happy; slow answers to serious problems are what make people unhappy. */
function satisfaction(u: number, slowness: number, severity: Severity): number {
  const penalty = slowness * (severity === 'critical' || severity === 'high' ? 2.5 : 1.2);
  return Math.max(1, Math.min(5, Math.round(5 - penalty - u * 1.2)));
}

/**
 * The seed's health check, with the policy's thresholds (`briefing.escalation`): each criterion is
 * checked, clear, or not checked because its source was unavailable; a criterion that fires
 * becomes an urgent item, escalated to the owner before the routine briefing, naming the rule and
 * the figures.
 *
 * Revenue variance is measured against the anomaly detector's expected value for the reported day
 * (learnt from the days before it: weekday pattern, growth, level), not against the target: a
 * target says what was planned, the expectation what the business normally does, and a briefing
 * should wake the owner for the second. And because daily revenue swings far more than 10 % on an
 * ordinary day (a few large invoices land on some days and not others), the variance escalates
 * only when it is both above the threshold and outside the detector's band, i.e. larger than the
 * series' own noise explains.
 */
import type { CustomerRef } from '../../domain/metrics/index.ts';
import { formatCount } from '../../policy/money.ts';
import { formatValue, minutes, plural, shortTime } from './briefing-words.ts';
import type { Topic } from './metric-definitions.ts';
import type { MetricReport } from './metric-report.ts';
import type { CustomerHealthData, ServiceDowntime, SupportTicketData, SystemHealthData } from './sources/index.ts';

export interface EscalationThresholds {
  revenueVariancePercentAbove: number;
  customerHealthDropsAbove: number;
  systemDowntimeMinutesAbove: number;
  criticalSupportTicketsAbove: number;
}

export const ESCALATION_RULES = [
  'revenue_variance',
  'customer_health_drops',
  'system_downtime',
  'critical_support_tickets',
] as const;
export type EscalationRule = (typeof ESCALATION_RULES)[number];

export interface CheckDetail {
  text: string;
  /** The customer a line is about, so a customer-success manager sees only their own. */
  customer?: CustomerRef;
}

export interface EscalationCheck {
  rule: EscalationRule;
  /** The criterion in the policy's words: "revenue variance > 10%". */
  criterion: string;
  topics: Topic[];
  status: 'fired' | 'clear' | 'not_checked';
  /** The figure compared with the threshold; null when not checked. */
  value: number | null;
  threshold: number;
  /** One sentence with the figures. */
  summary: string;
  details: CheckDetail[];
}

export interface CheckInputs {
  revenue: MetricReport | null;
  health: CustomerHealthData | null;
  healthUnavailable: string | null;
  system: SystemHealthData | null;
  tickets: SupportTicketData | null;
  zone: string;
}

export function escalationChecks(inputs: CheckInputs, t: EscalationThresholds): EscalationCheck[] {
  return [
    revenueVariance(inputs.revenue, t.revenueVariancePercentAbove),
    healthDrops(inputs.health, inputs.healthUnavailable, t.customerHealthDropsAbove),
    downtime(inputs.system, t.systemDowntimeMinutesAbove),
    criticalTickets(inputs.tickets, t.criticalSupportTicketsAbove, inputs.zone),
  ];
}

function notChecked(
  rule: EscalationRule,
  criterion: string,
  topics: Topic[],
  threshold: number,
  why: string,
): EscalationCheck {
  return { rule, criterion, topics, status: 'not_checked', value: null, threshold, summary: why, details: [] };
}

function revenueVariance(revenue: MetricReport | null, threshold: number): EscalationCheck {
  const criterion = `revenue variance > ${threshold}%`;
  const topics: Topic[] = ['revenue'];
  if (revenue === null)
    return notChecked(
      'revenue_variance',
      criterion,
      topics,
      threshold,
      'Revenue not checked: its source was unavailable.',
    );
  if (revenue.value === null || revenue.expected === null || revenue.expected.value <= 0)
    return notChecked(
      'revenue_variance',
      criterion,
      topics,
      threshold,
      'Revenue not checked: too little history for an expected value yet.',
    );
  const { value, expected } = revenue;
  const variance = (100 * (value - expected.value)) / expected.value;
  const outside = value < expected.lower || value > expected.upper;
  const fired = Math.abs(variance) > threshold && outside;
  const usd = (v: number) => formatValue(v, 'usd_cents');
  const direction = variance < 0 ? 'below' : 'above';
  const band = `usual range ${usd(expected.lower)}–${usd(expected.upper)}`;
  const summary = fired
    ? `Revenue ${usd(value)} is ${Math.abs(variance).toFixed(1)}% ${direction} the expected ${usd(expected.value)} (${band}); the policy escalates a variance over ${threshold}%.`
    : `Revenue ${usd(value)} is ${Math.abs(variance).toFixed(1)}% ${direction} the expected ${usd(expected.value)} (${band}).`;
  return {
    rule: 'revenue_variance',
    criterion,
    topics,
    status: fired ? 'fired' : 'clear',
    value: variance,
    threshold,
    summary,
    details: [],
  };
}

function healthDrops(health: CustomerHealthData | null, why: string | null, threshold: number): EscalationCheck {
  const criterion = `customer health drops > ${threshold} customers`;
  const topics: Topic[] = ['health'];
  if (health === null)
    return notChecked(
      'customer_health_drops',
      criterion,
      topics,
      threshold,
      `Customer health not checked: ${why ?? 'its source was unavailable'}.`,
    );
  const n = health.drops.length;
  const fired = n > threshold;
  return {
    rule: 'customer_health_drops',
    criterion,
    topics,
    status: fired ? 'fired' : 'clear',
    value: n,
    threshold,
    summary: fired
      ? `${plural(n, 'customer')} fell to a lower health band since the last briefing, more than the policy's ${threshold}.`
      : `${plural(n, 'customer')} fell to a lower health band since the last briefing.`,
    details: health.drops.map((d) => ({ text: `${d.customer.name}: ${d.from} → ${d.to}`, customer: d.customer })),
  };
}

function downtime(system: SystemHealthData | null, threshold: number): EscalationCheck {
  const criterion = `system downtime > ${threshold} minute${threshold === 1 ? '' : 's'}`;
  const topics: Topic[] = ['system'];
  if (system === null)
    return notChecked(
      'system_downtime',
      criterion,
      topics,
      threshold,
      'Downtime not checked: its source was unavailable.',
    );
  const down = system.overnight.filter((s) => s.downtimeMinutes > 0);
  const total = system.overnight.reduce((sum, s) => sum + s.downtimeMinutes, 0);
  const fired = total > threshold;
  const perService = (s: ServiceDowntime) =>
    `${s.service}: ${minutes(s.downtimeMinutes)} down in ${plural(s.incidents, 'incident')}`;
  const summary =
    system.overnight.length === 0
      ? 'No health samples completed since the last briefing.'
      : fired
        ? `${minutes(total)} of downtime since the last briefing (${down.map((s) => `${s.service} ${minutes(s.downtimeMinutes)}`).join(', ')}), above the policy's ${minutes(threshold)}.`
        : `${minutes(total)} of downtime since the last briefing.`;
  return {
    rule: 'system_downtime',
    criterion,
    topics,
    status: fired ? 'fired' : 'clear',
    value: total,
    threshold,
    summary,
    details: down.map((s) => ({ text: perService(s) })),
  };
}

function criticalTickets(tickets: SupportTicketData | null, threshold: number, zone: string): EscalationCheck {
  const criterion = `critical support tickets > ${threshold}`;
  const topics: Topic[] = ['support'];
  if (tickets === null)
    return notChecked(
      'critical_support_tickets',
      criterion,
      topics,
      threshold,
      'Critical tickets not checked: the ticket source was unavailable.',
    );
  const open = tickets.openCritical;
  const fired = open.length > threshold;
  return {
    rule: 'critical_support_tickets',
    criterion,
    topics,
    status: fired ? 'fired' : 'clear',
    value: open.length,
    threshold,
    summary: fired
      ? `${plural(open.length, 'critical support ticket')} open, above the policy's ${formatCount(threshold)}.`
      : `${plural(open.length, 'critical support ticket')} open.`,
    details: open.map((t) => ({
      text: `${t.customer.name}: “${t.subject}” (${t.id}, opened ${shortTime(t.createdAt, zone)})`,
      customer: t.customer,
    })),
  };
}

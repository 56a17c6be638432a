/**
 * A person's briefing as sections of sentences, in the seed's order and tone, generated from the
 * figures and nothing else: the text, email and Slack renderers only lay these out. A section with
 * nothing to say says so in one short line.
 */
import { addDays } from '../../domain/dates.ts';
import { SOURCE_TOPICS, type PersonalBriefing } from './audience.ts';
import { changeWords, formatValue, longDay, minutes, plural, weekdayName } from './briefing-words.ts';
import type { MetricId } from './metric-definitions.ts';
import { isWeeklyStep, type MetricReport } from './metric-report.ts';

export interface BriefingSection {
  id: 'urgent' | 'performance' | 'actions' | 'opportunities' | 'focus';
  emoji: string;
  title: string;
  /** Bulleted lines (numbered for the focus areas); each may carry indented detail lines. */
  items: { text: string; details: string[] }[];
  numbered: boolean;
  /** What the section says when it has nothing (null: the section is left out). */
  empty: string | null;
}

export interface BriefingText {
  greeting: string;
  sections: BriefingSection[];
  closing: string;
}

export const CLOSING_QUESTION = 'Ready to dive into any of these areas?';

export function briefingSections(b: PersonalBriefing): BriefingText {
  const first = b.reader.name.split(/\s+/)[0] ?? b.reader.name;
  const greeting = `🌅 Good morning, ${first}! Here's your PsiZero business update for ${longDay(b.date)}:`;
  const sections: BriefingSection[] = [];
  if (b.urgent.length > 0)
    sections.push({
      id: 'urgent',
      emoji: '🚨',
      title: 'URGENT',
      numbered: false,
      empty: null,
      items: b.urgent.map((u) => ({
        text: `${sentenceCase(u.criterion)}: ${u.summary}`,
        details: u.details.map((d) => d.text),
      })),
    });
  sections.push({
    id: 'performance',
    emoji: '📊',
    title: `OVERNIGHT PERFORMANCE (${longDay(b.day)})`,
    numbered: false,
    empty: 'No figures for your areas this morning.',
    items: performanceItems(b),
  });
  if (b.reader.audience.csmId === null)
    sections.push({
      id: 'actions',
      emoji: '⚡',
      title: 'AUTONOMOUS ACTIONS COMPLETED',
      numbered: false,
      empty: unavailableActions(b) ?? 'Nothing in your areas since the last briefing.',
      items: b.actions.map((a) => ({ text: a.text, details: [] })),
    });
  sections.push({
    id: 'opportunities',
    emoji: '🎯',
    title: 'OPPORTUNITIES IDENTIFIED',
    numbered: false,
    empty: b.reader.audience.kind === 'finance' ? null : 'None found this morning.',
    items: opportunityItems(b),
  });
  sections.push({
    id: 'focus',
    emoji: '📋',
    title: "TODAY'S FOCUS AREAS",
    numbered: true,
    empty: 'Nothing is waiting for you today.',
    items: [
      ...b.focus.map((f) => ({ text: f.text, details: [] })),
      ...(b.moreFollowUps > 0
        ? [{ text: `${plural(b.moreFollowUps, 'more open follow-up')} on your Briefing page`, details: [] }]
        : []),
    ],
  });
  return {
    greeting,
    sections: sections.filter((s) => s.items.length > 0 || s.empty !== null),
    closing: CLOSING_QUESTION,
  };
}

/** At most a few of each kind in the message; the dashboard and the JSON have them all. */
const OPPORTUNITIES_SHOWN = 5;

function opportunityItems(b: PersonalBriefing): { text: string; details: string[] }[] {
  const items: { text: string; details: string[] }[] = [];
  for (const [kind, more] of [
    ['engaged_trial', 'engaged trials'],
    ['near_quota', 'customers near their plan'],
  ] as const) {
    const all = b.opportunities.filter((o) => o.kind === kind);
    for (const o of all.slice(0, OPPORTUNITIES_SHOWN)) items.push({ text: o.text, details: [] });
    if (all.length > OPPORTUNITIES_SHOWN)
      items.push({ text: `… and ${all.length - OPPORTUNITIES_SHOWN} more ${more} in the dashboard`, details: [] });
  }
  return items;
}

function unavailableActions(b: PersonalBriefing): string | null {
  const s = b.unavailable.find((u) => u.name === 'autonomous_actions');
  return s === undefined ? null : `Not available this morning: ${s.reason ?? 'the audit log could not be read'}.`;
}

function performanceItems(b: PersonalBriefing): { text: string; details: string[] }[] {
  const m = new Map(b.metrics.map((r) => [r.id, r]));
  const items: { text: string; details: string[] }[] = [];
  const line = (text: string, details: string[] = []) => items.push({ text, details });

  const revenue = m.get('revenue');
  if (revenue?.value != null) {
    const details: string[] = [];
    if (revenue.monthToDate !== null)
      details.push(
        `Month to date: ${formatValue(revenue.monthToDate.current, 'usd_cents')} (${changeWords(revenue.monthToDate, 'usd_cents', 'in the same days a month earlier')})`,
      );
    line(`Revenue: ${withComparisons(revenue)}`, details);
  }
  const growth = growthLine(m);
  if (growth !== null) line(growth);
  if (b.newCustomers.length > 0 && b.reader.audience.kind !== 'finance') {
    const names = b.newCustomers.map((c) => `${c.name}${c.trial ? ' (trial)' : ''}`);
    line(
      `${b.reader.audience.csmId === null ? 'Signed up' : 'New customers of yours'}: ${names.slice(0, 8).join(', ')}${names.length > 8 ? ` and ${names.length - 8} more` : ''}`,
    );
  }
  const calls = m.get('api_calls');
  if (calls?.value != null) {
    const rate = m.get('api_error_rate')?.value;
    line(`API calls: ${withComparisons(calls)}${rate != null ? `; error rate ${formatValue(rate, 'percent')}` : ''}`);
  }
  const uptime = m.get('uptime');
  if (uptime !== undefined || m.has('api_latency_p95')) line(systemLine(b, uptime, m.get('api_latency_p95')));
  const tickets = m.get('tickets');
  if (tickets?.value != null)
    line(`Support: ${plural(tickets.value, 'ticket')} opened (${comparisons(tickets).join(', ')})`);

  const anomalies = b.metrics.filter((r) => r.anomaly && r.value !== null && r.expected !== null);
  for (const a of anomalies)
    line(
      `Anomaly: ${a.label} ${formatValue(a.value!, a.unit)} is outside its usual range ${formatValue(a.expected!.lower, a.unit)}–${formatValue(a.expected!.upper, a.unit)} (expected ${formatValue(a.expected!.value, a.unit)})`,
    );
  const trends = b.metrics.flatMap((r) => trendWords(r));
  if (trends.length > 0) line(`Trends: ${trends.join('; ')}`);
  const explained = new Set<string>();
  for (const u of b.unavailable.filter((s) => s.name !== 'autonomous_actions')) {
    const topics = SOURCE_TOPICS[u.name];
    const unchecked = b.notChecked.filter((c) => c.topics.some((t) => topics.includes(t)));
    unchecked.forEach((c) => explained.add(c.rule));
    const checks = unchecked.map((c) => `“${c.criterion}”`).join(' and ');
    line(
      `Not available this morning: ${u.title} (${u.reason ?? 'no answer'})${checks === '' ? '' : `, so ${checks} was not checked`}`,
    );
  }
  for (const c of b.notChecked.filter((c) => !explained.has(c.rule))) line(c.summary);
  return items;
}

/**
 * Vs the day before and the same weekday a week before. When the day-over-day change is the
 * weekly rhythm (the same step happened in the weeks before and the week-over-week change is
 * small), the same-weekday comparison leads and the day-over-day one is named as the usual step.
 */
function comparisons(r: MetricReport): string[] {
  const out: string[] = [];
  const weekAgo =
    r.vsWeekAgo === null ? null : changeWords(r.vsWeekAgo, r.unit, `the ${weekdayName(addDays(r.day, -7))} before`);
  if (r.vsYesterday !== null && weekAgo !== null && isWeeklyStep(r)) {
    const from = weekdayName(addDays(r.day, -1));
    out.push(weekAgo, `${changeWords(r.vsYesterday, r.unit, from)}, the usual ${from}-to-${weekdayName(r.day)} step`);
  } else {
    if (r.vsYesterday !== null) out.push(changeWords(r.vsYesterday, r.unit, 'the day before'));
    if (weekAgo !== null) out.push(weekAgo);
  }
  if (r.vsTarget !== null) out.push(`${changeWords(r.vsTarget.change, r.unit, '').trimEnd()} target`);
  return out;
}

function withComparisons(r: MetricReport): string {
  const c = comparisons(r);
  return `${formatValue(r.value!, r.unit)}${c.length > 0 ? ` (${c.join(', ')})` : ''}`;
}

function growthLine(m: Map<MetricId, MetricReport>): string | null {
  const signups = m.get('signups')?.value;
  const trials = m.get('new_trials')?.value;
  const conversions = m.get('conversions')?.value;
  if (signups == null && trials == null && conversions == null) return null;
  const parts: string[] = [];
  if (signups != null) parts.push(plural(signups, 'sign-up'));
  if (trials != null) parts.push(`${plural(trials, 'trial')} started`);
  if (conversions != null) parts.push(plural(conversions, 'paid conversion'));
  const target = m.get('new_trials')?.vsTarget?.target;
  const goal =
    target === undefined
      ? ''
      : ` (target ${target < 10 ? Number(target.toFixed(1)) : formatValue(target, 'count')} trials)`;
  return `New customers: ${parts.join(', ')}${goal}`;
}

function systemLine(b: PersonalBriefing, uptime: MetricReport | undefined, latency: MetricReport | undefined): string {
  const parts: string[] = [];
  if (uptime?.value != null) parts.push(`${formatValue(uptime.value, 'percent')} uptime`);
  if (latency?.value != null) parts.push(`API p95 latency ${formatValue(latency.value, 'ms')}`);
  const downtime = b.urgent.find((u) => u.rule === 'system_downtime');
  if (downtime !== undefined) parts.push(`${minutes(downtime.value ?? 0)} of downtime since the last briefing`);
  else if (uptime?.value === 100) parts.push('all services up');
  return `System health: ${parts.length > 0 ? parts.join(', ') : 'no samples for the day'}`;
}

/** The 28-day trend when it is distinguishable from noise, else the 7-day one; its pace in the metric's unit. */
function trendWords(r: MetricReport): string[] {
  const t =
    r.trend28.direction !== 'flat'
      ? { ...r.trend28, span: 28 }
      : r.trend7.direction !== 'flat'
        ? { ...r.trend7, span: 7 }
        : null;
  if (t === null) return [];
  const sign = t.slope > 0 ? '+' : '−';
  const pace =
    r.unit === 'percent'
      ? `${sign}${Math.abs(t.slope).toFixed(2)} points a day`
      : `about ${sign}${formatValue(Math.abs(t.slope), r.unit)} a day`;
  return [`${r.label} ${t.direction === 'up' ? 'rising' : 'falling'} over the last ${t.span} days (${pace})`];
}

function sentenceCase(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

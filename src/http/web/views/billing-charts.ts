/** The Billing page's charts: the recovery funnel, and recovered (and written-off) dollars week by week. */
import * as Plot from '@observablehq/plot';
import type { RecoveryMetrics } from '../../../domain/billing/index.ts';
import type { RecoveryWeek } from '../../../domain/billing/recovery-money.ts';
import { renderChart } from '../charts/render-chart.ts';
import { formatUsd } from '../format.ts';
import { h, type Html } from '../html.ts';

/** Accessible on white (at least 3:1 against the page, as WCAG asks of graphics). */
export const CHART_COLOURS = { unpaid: '#b25e00', paid: '#1f8a4c', writtenOff: '#5d6673' } as const;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export const attemptLabel = (n: number): string => (n === 1 ? 'First charge' : `Attempt ${n}`);

interface FunnelBar {
  stage: string;
  part: 'still unpaid' | 'paid by this attempt';
  invoices: number;
  /** Where the bar starts and ends on the invoice axis (the paid part follows the unpaid one). */
  from: number;
  to: number;
}

/** Unpaid invoices after each attempt, and what that attempt collected, as one bar per attempt. */
export function funnelChart(m: RecoveryMetrics): Html {
  if (m.funnel.length === 0 || m.cases === 0)
    return h`<div class="empty"><h3>No failed payments yet</h3><p>The funnel appears when a charge fails.</p></div>`;
  const stages = m.funnel.map((s) => attemptLabel(s.attempt));
  const unpaid: FunnelBar[] = m.funnel.map((s) => ({
    stage: attemptLabel(s.attempt),
    part: 'still unpaid',
    invoices: s.unpaid,
    from: 0,
    to: s.unpaid,
  }));
  const paid: FunnelBar[] = m.funnel
    .filter((s) => s.recovered > 0)
    .map((s) => ({
      stage: attemptLabel(s.attempt),
      part: 'paid by this attempt',
      invoices: s.recovered,
      from: s.unpaid,
      to: s.unpaid + s.recovered,
    }));
  const totals = m.funnel.map((s) => ({
    stage: attemptLabel(s.attempt),
    total: s.unpaid + s.recovered,
    text: `${s.unpaid} unpaid${s.recovered > 0 ? ` · ${s.recovered} paid` : ''}`,
  }));
  const summary = m.funnel
    .map((s) => `${attemptLabel(s.attempt)}: ${s.recovered} paid, ${s.unpaid} still unpaid`)
    .join('; ');
  const bar = (fill: string, className: string) => ({
    x1: 'from',
    x2: 'to',
    y: 'stage',
    fill,
    className,
    title: titleOf,
  });
  return renderChart({
    kind: 'funnel',
    title: 'Recovery funnel',
    summary,
    plot: {
      width: 540,
      height: 50 + 40 * stages.length,
      marginLeft: 90,
      marginRight: 120,
      x: { label: 'Invoices', grid: true, tickFormat: 'd' },
      y: { domain: stages, label: null },
      marks: [
        Plot.barX(unpaid, bar(CHART_COLOURS.unpaid, 'bar-unpaid')),
        Plot.barX(paid, bar(CHART_COLOURS.paid, 'bar-paid')),
        Plot.text(totals, { x: 'total', y: 'stage', text: 'text', textAnchor: 'start', dx: 8, className: 'bar-value' }),
        Plot.ruleX([0]),
      ],
    },
    keys: [
      { label: 'still unpaid after the attempt', colour: CHART_COLOURS.unpaid },
      { label: 'paid by that attempt', colour: CHART_COLOURS.paid },
    ],
    table: {
      columns: ['Attempt', 'Paid by this attempt', 'Still unpaid after it'],
      rows: m.funnel.map((s) => [attemptLabel(s.attempt), String(s.recovered), String(s.unpaid)]),
      numeric: [1, 2],
    },
  });
}

function titleOf(b: FunnelBar): string {
  return `${b.stage}: ${b.invoices} ${b.part}`;
}

/** "Nov 3" for a week's Monday. */
function weekLabel(weekStart: string): string {
  const d = new Date(`${weekStart}T00:00:00Z`);
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}`;
}

interface WeekBar {
  week: string;
  outcome: 'recovered' | 'written off';
  dollars: number;
}

/** Dollars recovered (and written off) per week, stacked. */
export function recoveredChart(weeks: readonly RecoveryWeek[]): Html {
  if (weeks.every((w) => w.recoveredCents === 0 && w.writtenOffCents === 0))
    return h`<div class="empty"><h3>Nothing recovered or written off yet</h3><p>In the last ${weeks.length} weeks no failed payment was paid or written off.</p></div>`;
  const bars: WeekBar[] = weeks.flatMap((w) => [
    { week: weekLabel(w.weekStart), outcome: 'recovered' as const, dollars: w.recoveredCents / 100 },
    { week: weekLabel(w.weekStart), outcome: 'written off' as const, dollars: w.writtenOffCents / 100 },
  ]);
  const recovered = weeks.reduce((sum, w) => sum + w.recoveredCents, 0);
  const writtenOff = weeks.reduce((sum, w) => sum + w.writtenOffCents, 0);
  const first = weeks[0];
  const span = first === undefined ? '' : ` in the ${weeks.length} weeks from ${weekLabel(first.weekStart)}`;
  return renderChart({
    kind: 'recovered',
    title: 'Recovered dollars by week',
    summary: `${formatUsd(recovered / 100)} recovered and ${formatUsd(writtenOff / 100)} written off${span}.`,
    plot: {
      width: 540,
      height: 240,
      marginLeft: 64,
      x: {
        domain: weeks.map((w) => weekLabel(w.weekStart)),
        label: 'Week starting',
        tickSize: 0,
        // Every other week is labelled so the labels never overlap; the table has them all.
        tickFormat: (label: string, i: number) => (i % 2 === (weeks.length - 1) % 2 ? label : ''),
      },
      y: { label: 'Dollars', grid: true, tickFormat: (d: number) => formatUsd(d) },
      marks: [
        Plot.barY(
          bars.filter((b) => b.dollars > 0),
          Plot.stackY({
            x: 'week',
            y: 'dollars',
            z: 'outcome',
            order: ['recovered', 'written off'],
            fill: (b: WeekBar) => (b.outcome === 'recovered' ? CHART_COLOURS.paid : CHART_COLOURS.writtenOff),
            title: (b: WeekBar) => `Week of ${b.week}: ${formatUsd(b.dollars)} ${b.outcome}`,
            className: 'bar-week',
          }),
        ),
        Plot.ruleY([0]),
      ],
    },
    keys: [
      { label: 'recovered', colour: CHART_COLOURS.paid },
      { label: 'written off', colour: CHART_COLOURS.writtenOff },
    ],
    table: {
      columns: ['Week starting', 'Recovered', 'Written off'],
      rows: weeks.map((w) => [
        weekLabel(w.weekStart),
        formatUsd(w.recoveredCents / 100),
        formatUsd(w.writtenOffCents / 100),
      ]),
      numeric: [1, 2],
    },
  });
}

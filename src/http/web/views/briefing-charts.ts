/**
 * The Briefing page's charts: one per metric over the 90 days up to the reported day: the series,
 * the band the anomaly detector expected it in (and its expected value), the days it alarmed, and
 * the target when one is on record. Drawn with the dashboard's one chart library (renderChart).
 */
import * as Plot from '@observablehq/plot';
import { addDays } from '../../../domain/dates.ts';
import { formatValue, type MetricReport } from '../../../workflows/briefing/index.ts';
import { renderChart } from '../charts/render-chart.ts';
import { h, type Html } from '../html.ts';

/** On white: the series and the anomalies at least 3:1 (WCAG's non-text contrast); the band is a background. */
export const BRIEFING_CHART_COLOURS = {
  value: '#1f5fa8',
  expected: '#5d6673',
  band: '#d9e6f5',
  target: '#b25e00',
  anomaly: '#c0392b',
} as const;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function dayLabel(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}`;
}

interface Point {
  date: Date;
  day: string;
  value: number | null;
  expected: number | null;
  lower: number | null;
  upper: number | null;
  target: number | null;
  anomaly: boolean;
}

/** Money is charted in dollars; everything else in its own unit. */
function scaled(report: MetricReport, v: number | null): number | null {
  return v === null ? null : report.unit === 'usd_cents' ? v / 100 : v;
}

function pointsOf(report: MetricReport): Point[] {
  const c = report.chart;
  const anomalies = new Set(c.anomalies);
  return c.values.map((v, i) => {
    const day = addDays(c.from, i);
    return {
      date: new Date(`${day}T00:00:00Z`),
      day,
      value: scaled(report, v),
      expected: scaled(report, c.expected[i] ?? null),
      lower: scaled(report, c.lower[i] ?? null),
      upper: scaled(report, c.upper[i] ?? null),
      target: c.target === null ? null : scaled(report, c.target[i] ?? null),
      anomaly: anomalies.has(day) && v !== null,
    };
  });
}

const UNIT_LABEL: Record<MetricReport['unit'], string> = {
  usd_cents: 'Dollars',
  count: 'Per day',
  percent: 'Percent',
  ms: 'Milliseconds',
};

export function metricChart(report: MetricReport): Html {
  const points = pointsOf(report);
  const known = points.filter((p) => p.value !== null);
  if (known.length === 0)
    return h`<div class="empty"><h3>No figures yet</h3><p>${report.label}: no records in the 90 days to ${dayLabel(report.day)}.</p></div>`;
  const show = (v: number | null): string =>
    v === null ? '—' : formatValue(report.unit === 'usd_cents' ? v * 100 : v, report.unit);
  const band = points.filter((p) => p.lower !== null && p.upper !== null);
  const anomalies = points.filter((p) => p.anomaly);
  const hasTarget = points.some((p) => p.target !== null);
  const last = known.at(-1)!;
  const summary =
    `${report.label} per day for the 90 days to ${dayLabel(report.day)}: ${show(last.value)} on ${dayLabel(last.day)}` +
    (last.lower !== null ? `, against a usual range of ${show(last.lower)} to ${show(last.upper)}` : '') +
    `; ${anomalies.length === 0 ? 'no anomaly' : `${anomalies.length} ${anomalies.length === 1 ? 'anomaly' : 'anomalies'} (${anomalies.map((a) => dayLabel(a.day)).join(', ')})`}` +
    `${hasTarget ? '; the target is drawn dashed' : ''}.`;
  const keys = [
    { label: report.label, colour: BRIEFING_CHART_COLOURS.value },
    { label: 'usual range (the detector’s band)', colour: BRIEFING_CHART_COLOURS.band },
    { label: 'expected', colour: BRIEFING_CHART_COLOURS.expected },
    ...(anomalies.length > 0 ? [{ label: 'anomaly', colour: BRIEFING_CHART_COLOURS.anomaly }] : []),
    ...(hasTarget ? [{ label: 'target', colour: BRIEFING_CHART_COLOURS.target }] : []),
  ];
  return renderChart({
    kind: `metric-${report.id}`,
    title: `${report.label}, last 90 days`,
    summary,
    plot: {
      width: 640,
      height: 230,
      marginLeft: 70,
      x: { type: 'utc', label: null },
      y: { label: UNIT_LABEL[report.unit], grid: true, tickFormat: (v: number) => show(v) },
      marks: [
        Plot.areaY(band, { x: 'date', y1: 'lower', y2: 'upper', fill: BRIEFING_CHART_COLOURS.band, className: 'band' }),
        Plot.lineY(points, {
          x: 'date',
          y: 'expected',
          stroke: BRIEFING_CHART_COLOURS.expected,
          strokeDasharray: '4 3',
          className: 'expected',
        }),
        ...(hasTarget
          ? [
              Plot.lineY(points, {
                x: 'date',
                y: 'target',
                stroke: BRIEFING_CHART_COLOURS.target,
                strokeDasharray: '2 3',
                className: 'target',
              }),
            ]
          : []),
        Plot.lineY(points, {
          x: 'date',
          y: 'value',
          stroke: BRIEFING_CHART_COLOURS.value,
          strokeWidth: 2,
          className: 'series',
        }),
        Plot.dot(anomalies, {
          x: 'date',
          y: 'value',
          r: 4.5,
          fill: BRIEFING_CHART_COLOURS.anomaly,
          title: (p: Point) => `${dayLabel(p.day)}: ${show(p.value)}, anomaly`,
          className: 'anomaly',
        }),
      ],
    },
    keys,
    table: {
      columns: ['Day', report.label, 'Expected', 'Usual range', ...(hasTarget ? ['Target'] : []), 'Anomaly'],
      rows: known.map((p) => [
        dayLabel(p.day),
        show(p.value),
        show(p.expected),
        p.lower === null ? '—' : `${show(p.lower)} – ${show(p.upper)}`,
        ...(hasTarget ? [show(p.target)] : []),
        p.anomaly ? 'yes' : '',
      ]),
      numeric: [1, 2],
    },
  });
}

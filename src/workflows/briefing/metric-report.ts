/**
 * One metric, analysed for the reported day: the comparisons (vs yesterday, the same weekday a
 * week ago, a month ago, month-to-date, the target), what the anomaly detector expected and the
 * band outside which a value alarms, whether it alarmed, the 7- and 28-day trends, and the last
 * 90 days for the chart. Pure: plain data in, plain data out.
 */
import {
  AnomalyDetector,
  compareDay,
  dailyTrends,
  median,
  type Change,
  type Pacing,
  type TrendResult,
} from '../../analytics/index.ts';
import { DAY_MS, addDays, dayStartMs, daysBetween } from '../../domain/dates.ts';
import type { MetricDefinition, MetricId, MetricUnit, Topic } from './metric-definitions.ts';
import type { DailySeries } from './sources/index.ts';

export const CHART_DAYS = 90;

export interface TrendSummary {
  direction: 'up' | 'down' | 'flat';
  /** Units per day (Theil-Sen). */
  slope: number;
  /** The slope as a share of the window's median level per day; null when that median is 0. */
  relativeSlope: number | null;
  pValue: number;
  /** Days with a value in the window. */
  n: number;
}

export interface ExpectedBand {
  value: number;
  lower: number;
  upper: number;
}

export interface MetricChart {
  /** First day shown; one entry per day through the reported day. */
  from: string;
  values: (number | null)[];
  expected: (number | null)[];
  lower: (number | null)[];
  upper: (number | null)[];
  /** Days on which the detector raised an alarm. */
  anomalies: string[];
  target: (number | null)[] | null;
}

export interface MetricReport {
  id: MetricId;
  label: string;
  unit: MetricUnit;
  topics: readonly Topic[];
  higherIsBetter: boolean;
  day: string;
  value: number | null;
  vsYesterday: Change | null;
  vsWeekAgo: Change | null;
  vsMonthAgo: Change | null;
  monthToDate: Change | null;
  vsTarget: Pacing | null;
  /** What the detector expected for the day, learnt from the days before it; null while it is still learning. */
  expected: ExpectedBand | null;
  /** The detector alarmed on the day. */
  anomaly: boolean;
  score: number | null;
  trend7: TrendSummary;
  trend28: TrendSummary;
  chart: MetricChart;
}

export function analyzeMetric(
  def: MetricDefinition,
  series: DailySeries,
  target: DailySeries | null,
  day: string,
): MetricReport {
  const values = new Map<string, number>();
  series.values.forEach((v, i) => {
    if (v !== null) values.set(addDays(series.from, i), v);
  });
  const targetToday = target === null ? null : valueAt(target, day);
  const comparison = compareDay(values, day, {
    aggregate: def.aggregate,
    ...(targetToday !== null && { target: { period: 'day', value: targetToday } }),
  });
  const detection = detect(def, series, day);
  const last = Math.round((dayStartMs(day) - dayStartMs(series.from)) / DAY_MS);
  const upTo = series.values.slice(0, last + 1).map((v) => v ?? NaN);
  const trends = dailyTrends(upTo);
  const chartFrom = addDays(day, -(CHART_DAYS - 1));
  const window = (xs: readonly (number | null)[]): (number | null)[] =>
    Array.from({ length: CHART_DAYS }, (_, i) => {
      const j = daysBetween(series.from, chartFrom) + i;
      return j >= 0 && j < xs.length ? (xs[j] ?? null) : null;
    });
  const at = detection.index.get(day);
  return {
    id: def.id,
    label: def.label,
    unit: def.unit,
    topics: def.topics,
    higherIsBetter: def.higherIsBetter,
    day,
    value: comparison.value,
    vsYesterday: comparison.vsYesterday,
    vsWeekAgo: comparison.vsWeekAgo,
    vsMonthAgo: comparison.vsMonthAgo,
    monthToDate: comparison.monthToDate,
    vsTarget: comparison.vsTarget,
    expected:
      at === undefined || detection.expected[at] === null
        ? null
        : { value: detection.expected[at]!, lower: detection.lower[at]!, upper: detection.upper[at]! },
    anomaly: at !== undefined && detection.alarms.includes(day),
    score: at === undefined ? null : detection.scores[at]!,
    trend7: summary(trends.week),
    trend28: summary(trends.month),
    chart: {
      from: chartFrom,
      values: window(series.values),
      expected: window(detection.expected),
      lower: window(detection.lower),
      upper: window(detection.upper),
      anomalies: detection.alarms.filter((d) => d >= chartFrom && d <= day),
      target: target === null ? null : window(target.values),
    },
  };
}

function valueAt(series: DailySeries, day: string): number | null {
  const i = daysBetween(series.from, day);
  return i >= 0 && i < series.values.length ? (series.values[i] ?? null) : null;
}

interface Detection {
  /** Index into the series of each day. */
  index: Map<string, number>;
  expected: (number | null)[];
  lower: (number | null)[];
  upper: (number | null)[];
  scores: (number | null)[];
  alarms: string[];
}

/**
 * The detector over the series up to the reported day, one point per known day (an unknown day is
 * a gap, not a zero). Its expectation for a day is learnt from the days before it only. While it
 * is still learning, the expectation is left out.
 */
function detect(def: MetricDefinition, series: DailySeries, day: string): Detection {
  const detector = new AnomalyDetector({ noise: def.noise });
  const n = Math.min(series.values.length, daysBetween(series.from, day) + 1);
  const out: Detection = {
    index: new Map(),
    expected: new Array<number | null>(series.values.length).fill(null),
    lower: new Array<number | null>(series.values.length).fill(null),
    upper: new Array<number | null>(series.values.length).fill(null),
    scores: new Array<number | null>(series.values.length).fill(null),
    alarms: [],
  };
  let seen = 0;
  for (let i = 0; i < n; i++) {
    const v = series.values[i];
    const d = addDays(series.from, i);
    out.index.set(d, i);
    if (v === null || v === undefined) continue;
    detector.step(dayStartMs(d), v);
    seen++;
    out.scores[i] = detector.score;
    if (seen <= LEARNING_POINTS) continue;
    const { min, max } = def.bounds;
    out.expected[i] = Math.min(max, Math.max(min, detector.expected));
    out.lower[i] = Math.min(max, Math.max(min, detector.lower));
    out.upper[i] = Math.min(max, Math.max(min, detector.upper));
    if (detector.alarm) out.alarms.push(d);
  }
  return out;
}

/** The detector's learning period for daily data (docs/analytics.md): it scores nothing, and no band is shown. */
const LEARNING_POINTS = 20;

function summary(t: TrendResult): TrendSummary {
  return { direction: t.direction, slope: t.slope, relativeSlope: t.relativeSlope, pValue: t.pValue, n: t.n };
}

/** Weeks before the reported day whose same day-over-day step is looked at. */
const RHYTHM_WEEKS = 4;
/** A day-over-day change of at least a quarter (either way) is big enough to mislead a reader. */
const NOTABLE_STEP = Math.log(1.25);

/**
 * Whether the reported day's change from the day before is the weekly rhythm rather than news:
 * the change is notable (a quarter or more either way), the same step (e.g. Sunday to Monday) in
 * the weeks before went the same way, their median differs from today's by less than a notable
 * change, and so does the day from the same weekday a week before (in log terms, so that a rise
 * and a fall count alike). Needs two earlier weeks with positive values.
 */
export function isWeeklyStep(r: Pick<MetricReport, 'chart'>): boolean {
  const v = r.chart.values;
  const last = v.length - 1;
  const step = (i: number): number | null => {
    const a = v[i];
    const b = v[i - 1];
    return a != null && b != null && a > 0 && b > 0 ? Math.log(a / b) : null;
  };
  const today = step(last);
  if (today === null || Math.abs(today) < NOTABLE_STEP) return false;
  const earlier = Array.from({ length: RHYTHM_WEEKS }, (_, k) => step(last - 7 * (k + 1))).filter(
    (s): s is number => s !== null,
  );
  if (earlier.length < 2) return false;
  const usual = median(earlier);
  const weekAgo = v[last - 7];
  if (weekAgo == null || weekAgo <= 0) return false;
  const weekOverWeek = Math.log(v[last]! / weekAgo);
  return (
    Math.sign(usual) === Math.sign(today) &&
    Math.abs(today - usual) < NOTABLE_STEP &&
    Math.abs(weekOverWeek) < NOTABLE_STEP
  );
}

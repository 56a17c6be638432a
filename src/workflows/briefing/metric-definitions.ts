/**
 * The daily metrics a briefing reports: where each comes from (a source and one of its series),
 * how it is summed over a month (amounts and counts add up, rates average), how the detector should
 * read its noise, and which topic it belongs to (what decides who sees it).
 */
import type { Collected, DailySeries, SourceName } from './sources/index.ts';
import type {
  ApiPerformanceData,
  CustomerGrowthData,
  RevenueData,
  SupportTicketData,
  SystemHealthData,
} from './sources/index.ts';

/** What a figure is about; each audience sees some topics (audience.ts). */
export const TOPICS = [
  'revenue',
  'billing',
  'recovery',
  'onboarding',
  'expansion',
  'health',
  'support',
  'product',
  'system',
] as const;
export type Topic = (typeof TOPICS)[number];

export type MetricUnit = 'usd_cents' | 'count' | 'percent' | 'ms';

export const METRIC_IDS = [
  'revenue',
  'signups',
  'new_trials',
  'conversions',
  'api_calls',
  'api_error_rate',
  'api_latency_p95',
  'uptime',
  'tickets',
] as const;
export type MetricId = (typeof METRIC_IDS)[number];

export interface MetricDefinition {
  id: MetricId;
  label: string;
  unit: MetricUnit;
  topics: readonly Topic[];
  source: SourceName;
  aggregate: 'sum' | 'mean';
  /** How the anomaly detector reads the noise: counts (Poisson) or continuous amounts and rates. */
  noise: 'counts' | 'continuous';
  /** Whether a rise is good news (revenue) or bad (error rate), for the words only. */
  higherIsBetter: boolean;
  /** The values the metric can take: the detector's band is clipped to them (no negative revenue, no 101 % uptime). */
  bounds: { min: number; max: number };
  series(data: unknown): DailySeries;
  target?(data: unknown): DailySeries | null;
}

function metric<T>(
  def: Omit<MetricDefinition, 'series' | 'target'> & {
    series: (data: T) => DailySeries;
    target?: (data: T) => DailySeries | null;
  },
): MetricDefinition {
  return def;
}

const NON_NEGATIVE = { min: 0, max: Number.POSITIVE_INFINITY };
const PERCENTAGE = { min: 0, max: 100 };

export const METRICS: readonly MetricDefinition[] = [
  metric<RevenueData>({
    id: 'revenue',
    label: 'Revenue',
    unit: 'usd_cents',
    topics: ['revenue'],
    source: 'overnight_revenue_metrics',
    aggregate: 'sum',
    noise: 'continuous',
    higherIsBetter: true,
    bounds: NON_NEGATIVE,
    series: (d) => d.revenue,
    target: (d) => d.target,
  }),
  metric<CustomerGrowthData>({
    id: 'signups',
    label: 'New customers',
    unit: 'count',
    topics: ['onboarding'],
    source: 'customer_growth',
    aggregate: 'sum',
    noise: 'counts',
    higherIsBetter: true,
    bounds: NON_NEGATIVE,
    series: (d) => d.signups,
  }),
  metric<CustomerGrowthData>({
    id: 'new_trials',
    label: 'Trials started',
    unit: 'count',
    topics: ['onboarding'],
    source: 'customer_growth',
    aggregate: 'sum',
    noise: 'counts',
    higherIsBetter: true,
    bounds: NON_NEGATIVE,
    series: (d) => d.trials,
    target: (d) => d.trialsTarget,
  }),
  metric<CustomerGrowthData>({
    id: 'conversions',
    label: 'Paid conversions',
    unit: 'count',
    topics: ['onboarding', 'revenue'],
    source: 'customer_growth',
    aggregate: 'sum',
    noise: 'counts',
    higherIsBetter: true,
    bounds: NON_NEGATIVE,
    series: (d) => d.conversions,
    target: (d) => d.conversionsTarget,
  }),
  metric<ApiPerformanceData>({
    id: 'api_calls',
    label: 'API calls',
    unit: 'count',
    topics: ['product'],
    source: 'api_performance_data',
    aggregate: 'sum',
    noise: 'continuous',
    higherIsBetter: true,
    bounds: NON_NEGATIVE,
    series: (d) => d.calls,
    target: (d) => d.target,
  }),
  metric<ApiPerformanceData>({
    id: 'api_error_rate',
    label: 'API error rate',
    unit: 'percent',
    topics: ['product'],
    source: 'api_performance_data',
    aggregate: 'mean',
    noise: 'continuous',
    higherIsBetter: false,
    bounds: PERCENTAGE,
    series: (d) => d.errorRate,
  }),
  metric<ApiPerformanceData>({
    id: 'api_latency_p95',
    label: 'API latency (p95)',
    unit: 'ms',
    topics: ['system'],
    source: 'api_performance_data',
    aggregate: 'mean',
    noise: 'continuous',
    higherIsBetter: false,
    bounds: NON_NEGATIVE,
    series: (d) => d.latencyP95,
  }),
  metric<SystemHealthData>({
    id: 'uptime',
    label: 'Uptime',
    unit: 'percent',
    topics: ['system'],
    source: 'system_health_status',
    aggregate: 'mean',
    noise: 'continuous',
    higherIsBetter: true,
    bounds: PERCENTAGE,
    series: (d) => d.uptime,
  }),
  metric<SupportTicketData>({
    id: 'tickets',
    label: 'Support tickets',
    unit: 'count',
    topics: ['support'],
    source: 'support_ticket_volume',
    aggregate: 'sum',
    noise: 'counts',
    higherIsBetter: false,
    bounds: NON_NEGATIVE,
    series: (d) => d.created,
  }),
];

export function metricDefinition(id: MetricId): MetricDefinition {
  return METRICS.find((m) => m.id === id)!;
}

/** The data of a source that answered, or null. */
export function dataOf<T>(collected: ReadonlyMap<SourceName, Collected<unknown>>, name: SourceName): T | null {
  const c = collected.get(name);
  return c?.status === 'ok' ? (c.data as T) : null;
}

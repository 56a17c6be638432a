/**
 * Facts keyed by natural keys (a customer's day, a service's window, a day's metrics, a target):
 * written without reading them first. The upsert bumps `version` only when a value differs, so
 * re-sending a record is a no-op; when events are wanted the statement returns the written keys
 * and versions, which name the events.
 */
import { DOMAIN_TOPICS, domainEvent, type DomainEvent, type DomainTopic } from '../events.ts';
import {
  uptimePct,
  type DailyMetricsRecord,
  type HealthSampleRecord,
  type MetricTargetRecord,
  type UsageRecord,
} from '../model/index.ts';
import { upsertMany, type UpsertSpec } from './bulk.ts';
import { requireCustomers } from './lookups.ts';
import type { EntityWriter, Item, WriteContext, WriteOutcome } from './context.ts';

interface FactSpec<R> {
  spec: UpsertSpec<R>;
  /** Key as a string, from the record and from a RETURNING row. */
  keyOf(record: R): string;
  keyOfRow(row: Record<string, unknown>): string;
  topic: DomainTopic;
  payload(record: R): Record<string, unknown>;
}

function factSpec<R>(def: {
  table: UpsertSpec<R>['table'];
  key: readonly string[];
  columns: readonly string[];
  push: (r: R, params: unknown[]) => void;
  keyOf: (r: R) => string;
  topic: DomainTopic;
  payload: (r: R) => Record<string, unknown>;
}): FactSpec<R> {
  const columns = [...def.columns, 'version', 'updated_at'];
  return {
    spec: {
      table: def.table,
      columns,
      key: def.key,
      version: 'increment',
      compare: def.columns.filter((c) => !def.key.includes(c)),
      push: (r, now, params) => {
        def.push(r, params);
        params.push(1, now);
      },
    },
    keyOf: def.keyOf,
    keyOfRow: (row) => def.key.map((k) => String(row[k])).join(':'),
    topic: def.topic,
    payload: def.payload,
  };
}

async function writeFacts<R>(
  fact: FactSpec<R>,
  ctx: WriteContext,
  items: readonly Item<R>[],
  base: WriteOutcome,
): Promise<WriteOutcome> {
  const quiet: R[] = [];
  const loud: R[] = [];
  for (const item of items) (item.publish ? loud : quiet).push(item.record);
  const silent = await upsertMany(ctx.trx, ctx.dialect, fact.spec, quiet, { now: ctx.now });
  const published = await upsertMany(ctx.trx, ctx.dialect, fact.spec, loud, {
    returning: [...fact.spec.key, 'version'],
    now: ctx.now,
  });
  const byKey = new Map(loud.map((r) => [fact.keyOf(r), r]));
  const events: DomainEvent[] = [];
  for (const row of published.rows) {
    const key = fact.keyOfRow(row);
    const record = byKey.get(key);
    if (record) events.push(domainEvent(fact.topic, key, fact.payload(record), Number(row.version)));
  }
  const written = silent.written + published.written;
  return { written, unchanged: items.length - written, rejected: base.rejected, events: [...base.events, ...events] };
}

const EMPTY: WriteOutcome = { written: 0, unchanged: 0, rejected: [], events: [] };

const USAGE = factSpec<UsageRecord>({
  table: 'usage_daily',
  key: ['customer_id', 'day'],
  columns: ['customer_id', 'day', 'api_calls', 'api_errors', 'features_used', 'sessions', 'doc_views', 'team_members'],
  push: (u, p) => {
    p.push(u.customerId, u.day, u.apiCalls, u.apiErrors, u.featuresUsed, u.sessions, u.docViews, u.teamMembers);
  },
  keyOf: (u) => `${u.customerId}:${u.day}`,
  topic: DOMAIN_TOPICS.usageRecorded,
  payload: (u) => ({ ...u }),
});

export const writeUsage: EntityWriter<UsageRecord> = async (ctx, items) => {
  const { kept, rejected } = await requireCustomers(ctx, items);
  return writeFacts(USAGE, ctx, kept, { ...EMPTY, rejected });
};

const HEALTH = factSpec<HealthSampleRecord>({
  table: 'health_samples',
  key: ['service', 'at'],
  columns: ['service', 'at', 'window_minutes', 'downtime_minutes', 'latency_p50_ms', 'latency_p95_ms', 'incidents'],
  push: (h, p) => {
    p.push(h.service, h.at, h.windowMinutes, h.downtimeMinutes, h.latencyP50Ms, h.latencyP95Ms, h.incidents);
  },
  keyOf: (h) => `${h.service}:${h.at}`,
  topic: DOMAIN_TOPICS.healthRecorded,
  payload: (h) => ({ ...h, uptimePct: uptimePct(h) }),
});

export const writeHealth: EntityWriter<HealthSampleRecord> = (ctx, items) => writeFacts(HEALTH, ctx, items, EMPTY);

const METRICS = factSpec<DailyMetricsRecord>({
  table: 'daily_metrics',
  key: ['day'],
  columns: [
    'day',
    'revenue_cents',
    'mrr_cents',
    'new_trials',
    'conversions',
    'churned',
    'active_customers',
    'api_calls',
    'ticket_volume',
  ],
  push: (m, p) => {
    p.push(
      m.day,
      m.revenueCents,
      m.mrrCents,
      m.newTrials,
      m.conversions,
      m.churned,
      m.activeCustomers,
      m.apiCalls,
      m.ticketVolume,
    );
  },
  keyOf: (m) => m.day,
  topic: DOMAIN_TOPICS.metricsRecorded,
  payload: (m) => ({ ...m }),
});

export const writeMetrics: EntityWriter<DailyMetricsRecord> = (ctx, items) => writeFacts(METRICS, ctx, items, EMPTY);

const TARGETS = factSpec<MetricTargetRecord>({
  table: 'metric_targets',
  key: ['metric', 'day'],
  columns: ['metric', 'day', 'target'],
  push: (t, p) => {
    p.push(t.metric, t.day, t.target);
  },
  keyOf: (t) => `${t.metric}:${t.day}`,
  topic: DOMAIN_TOPICS.targetSet,
  payload: (t) => ({ ...t }),
});

export const writeTargets: EntityWriter<MetricTargetRecord> = (ctx, items) => writeFacts(TARGETS, ctx, items, EMPTY);

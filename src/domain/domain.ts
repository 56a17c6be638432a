/**
 * Opens the business-data layer on a domain database: applies its migrations, relays any domain
 * events a previous process committed but did not get to publish, and wires the services the CLI,
 * the simulator and (later) the HTTP API call.
 */
import type { DomainDb } from './db.ts';
import type { DomainEventSink } from './events.ts';
import { IngestionService, StripeWebhookService } from './ingestion/index.ts';
import { migrateDomain } from './migrate.ts';
import { OutboxRelay } from './outbox.ts';
import { DomainQueries } from './repo/index.ts';

export interface DomainOptions {
  ddb: DomainDb;
  /** Usually the engine. */
  events: DomainEventSink;
  now?: () => number;
  /** Person ids a customer's csmId may name (the policy directory's customer success managers); unchecked when absent. */
  csmIds?: Iterable<string>;
  /** Stripe signature tolerance in seconds (default 300, Stripe's). */
  stripeToleranceSeconds?: number;
}

export interface Domain {
  ddb: DomainDb;
  ingest: IngestionService;
  queries: DomainQueries;
  stripe: StripeWebhookService;
  relay: OutboxRelay;
}

export async function openDomain(options: DomainOptions): Promise<Domain> {
  const { ddb } = options;
  const now = options.now ?? Date.now;
  await migrateDomain(ddb, now);
  const relay = new OutboxRelay(ddb, options.events);
  await relay.drain();
  const ingest = new IngestionService({
    ddb,
    relay,
    now,
    ...(options.csmIds ? { csmIds: new Set(options.csmIds) } : {}),
  });
  const stripe = new StripeWebhookService({
    ddb,
    ingest,
    now,
    ...(options.stripeToleranceSeconds !== undefined ? { toleranceSeconds: options.stripeToleranceSeconds } : {}),
  });
  return { ddb, ingest, queries: new DomainQueries(ddb), stripe, relay };
}

/**
 * Opens the business-data layer on the database (migrated by its store, see src/db): relays any
 * domain events a previous process committed but did not get to publish, and wires the services the
 * CLI, the simulator and the HTTP API call.
 */
import type { Db } from '../db/database.ts';
import type { DomainEventSink } from './events.ts';
import { IngestionService, StripeWebhookService } from './ingestion/index.ts';
import { OutboxRelay } from './outbox.ts';
import { DomainQueries } from './repo/index.ts';

export interface DomainOptions {
  db: Db;
  /** Usually the engine. */
  events: DomainEventSink;
  now?: () => number;
  /** Person ids a customer's csmId may name (the policy directory's customer success managers); unchecked when absent. */
  csmIds?: Iterable<string>;
  /** Stripe signature tolerance in seconds (default 300, Stripe's). */
  stripeToleranceSeconds?: number;
}

export interface Domain {
  db: Db;
  ingest: IngestionService;
  queries: DomainQueries;
  stripe: StripeWebhookService;
  relay: OutboxRelay;
}

export async function openDomain(options: DomainOptions): Promise<Domain> {
  const { db } = options;
  const now = options.now ?? Date.now;
  const relay = new OutboxRelay(db, options.events);
  await relay.drain();
  const ingest = new IngestionService({
    db,
    relay,
    now,
    ...(options.csmIds ? { csmIds: new Set(options.csmIds) } : {}),
  });
  const stripe = new StripeWebhookService({
    db,
    ingest,
    now,
    ...(options.stripeToleranceSeconds !== undefined ? { toleranceSeconds: options.stripeToleranceSeconds } : {}),
  });
  return { db, ingest, queries: new DomainQueries(db), stripe, relay };
}

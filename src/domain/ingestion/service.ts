/**
 * Batch ingestion: the one write path for business data, whatever the source (REST batches, CSV
 * files, Stripe webhooks, the simulator). Each record is validated on its own with zod and either
 * accepted or reported with field paths; accepted records are upserted by their identity in ONE
 * transaction together with the domain events they cause (outbox), which are relayed to the engine
 * after the commit. Bad records never stop good ones.
 */
import type { Db, DbTransaction } from '../../db/database.ts';
import type { OutboxRelay } from '../outbox.ts';
import { appendToOutbox } from '../outbox.ts';
import type { Item, Rejection } from '../repo/index.ts';
import { ENTITIES, type EntityName, type EntityRecords } from './entities.ts';
import { parseIssues } from '../../lib/field-issues.ts';
import type { BatchReport, RecordReport } from './report.ts';

export interface IngestOptions<R> {
  /** Which accepted records also become domain events (default: all of them). */
  publish?: boolean | ((record: R) => boolean);
  /** 'all' (default): one report entry per record; 'rejected': only the rejected ones (bulk callers). */
  detail?: 'all' | 'rejected';
}

/** A validated batch, ready to be written. */
export interface PreparedBatch<E extends EntityName> {
  entity: E;
  received: number;
  items: Item<EntityRecords[E]>[];
  rejected: RecordReport[];
}

export interface IngestionDeps {
  db: Db;
  relay: OutboxRelay;
  now: () => number;
  /** Person ids allowed as a customer's csmId (the policy directory's customer success managers). */
  csmIds?: ReadonlySet<string>;
}

export class IngestionService {
  constructor(private readonly deps: IngestionDeps) {}

  /** Validates, writes and relays one batch. */
  async ingest<E extends EntityName>(
    entity: E,
    records: readonly unknown[],
    options: IngestOptions<EntityRecords[E]> = {},
  ): Promise<BatchReport> {
    return this.write(this.validate(entity, records, options), options);
  }

  /** Writes a validated batch in one transaction, then relays its events. */
  async write<E extends EntityName>(
    prepared: PreparedBatch<E>,
    options: Pick<IngestOptions<never>, 'detail'> = {},
  ): Promise<BatchReport> {
    const report = await this.deps.db.transaction((trx) => this.writeWithin(trx, prepared, options));
    await this.deps.relay.drain();
    return report;
  }

  /** Per-record validation (no database): schema, directory references, duplicates within the batch. */
  validate<E extends EntityName>(
    entity: E,
    records: readonly unknown[],
    options: IngestOptions<EntityRecords[E]> = {},
  ): PreparedBatch<E> {
    const def = ENTITIES[entity];
    const items: Item<EntityRecords[E]>[] = [];
    const rejected: RecordReport[] = [];
    const firstIndex = new Map<string, number>();
    records.forEach((raw, index) => {
      const parsed = def.schema.safeParse(raw);
      if (!parsed.success) {
        // Parsed again for the wording: a per-call error map doubles zod's cost, so only failures pay it.
        const worded = parseIssues(def.schema, raw);
        // A derived field the caller sent says why it is not taken, rather than "unknown field".
        const issues = (worded.ok ? [] : worded.issues).map((i) =>
          Object.hasOwn(def.derived, i.path) ? { path: i.path, message: def.derived[i.path]! } : i,
        );
        rejected.push({ index, key: rawKey(raw, def.keyFields), status: 'rejected', issues });
        return;
      }
      const record = parsed.data;
      const key = def.keyOf(record);
      const referenceIssue = this.checkDirectory(entity, record);
      const first = firstIndex.get(key);
      if (referenceIssue) rejected.push({ index, key, status: 'rejected', issues: [referenceIssue] });
      else if (first !== undefined) {
        rejected.push({
          index,
          key,
          status: 'rejected',
          issues: [{ path: def.keyFields.join('+'), message: `duplicate of record ${first} in this batch` }],
        });
      } else {
        firstIndex.set(key, index);
        items.push({ index, key, record, publish: publishes(options.publish, record) });
      }
    });
    return { entity, received: records.length, items, rejected };
  }

  /**
   * Writes a prepared batch inside the caller's transaction and appends its events to the outbox
   * there; the caller drains the relay after committing (the Stripe webhook shares its transaction
   * with the processed-event record).
   */
  async writeWithin<E extends EntityName>(
    trx: DbTransaction,
    prepared: PreparedBatch<E>,
    options: Pick<IngestOptions<never>, 'detail'> = {},
  ): Promise<BatchReport> {
    const def = ENTITIES[prepared.entity];
    const now = this.deps.now();
    const outcome =
      prepared.items.length > 0
        ? await def.write({ trx, dialect: this.deps.db.dialect, now }, prepared.items)
        : undefined;
    if (outcome && outcome.events.length > 0) await appendToOutbox(trx, outcome.events, now);
    return buildReport(
      prepared,
      outcome?.rejected ?? [],
      outcome?.written ?? 0,
      outcome?.unchanged ?? 0,
      options.detail ?? 'all',
    );
  }

  /** Flushes pending domain events to the engine (after writeWithin's transaction committed). */
  drainEvents(): Promise<number> {
    return this.deps.relay.drain();
  }

  private checkDirectory<E extends EntityName>(
    entity: E,
    record: EntityRecords[E],
  ): { path: string; message: string } | null {
    const csmIds = this.deps.csmIds;
    if (entity !== 'customers' || !csmIds) return null;
    const csmId = (record as EntityRecords['customers']).csmId;
    if (csmId == null || csmIds.has(csmId)) return null;
    return { path: 'csmId', message: `'${csmId}' is not a customer success manager in the policy directory` };
  }
}

function publishes<R>(publish: IngestOptions<R>['publish'], record: R): boolean {
  if (publish === undefined) return true;
  return typeof publish === 'function' ? publish(record) : publish;
}

/** The identity of a record that failed validation, when its key fields are at least readable. */
function rawKey(raw: unknown, keyFields: readonly string[]): string | null {
  if (raw === null || typeof raw !== 'object') return null;
  const parts = keyFields.map((f) => (raw as Record<string, unknown>)[f]);
  return parts.every((p) => typeof p === 'string' || typeof p === 'number') ? parts.join(':') : null;
}

function buildReport(
  prepared: PreparedBatch<EntityName>,
  writeRejections: readonly Rejection[],
  written: number,
  unchanged: number,
  detail: 'all' | 'rejected',
): BatchReport {
  const rejectedByIndex = new Map<number, RecordReport>();
  for (const r of prepared.rejected) rejectedByIndex.set(r.index, r);
  // Keys by position only when a report entry needs one (bulk callers with clean data skip this).
  const keys =
    detail === 'all' || writeRejections.length > 0
      ? new Map(prepared.items.map((i) => [i.index, i.key]))
      : new Map<number, string>();
  for (const r of writeRejections)
    rejectedByIndex.set(r.index, {
      index: r.index,
      key: keys.get(r.index) ?? null,
      status: 'rejected',
      issues: r.issues,
    });
  const records: RecordReport[] =
    detail === 'rejected'
      ? [...rejectedByIndex.values()].sort((a, b) => a.index - b.index)
      : Array.from(
          { length: prepared.received },
          (_, index) =>
            rejectedByIndex.get(index) ?? { index, key: keys.get(index) ?? null, status: 'accepted' as const },
        );
  const rejected = rejectedByIndex.size;
  return {
    entity: prepared.entity,
    received: prepared.received,
    accepted: prepared.received - rejected,
    rejected,
    written,
    unchanged,
    records,
  };
}

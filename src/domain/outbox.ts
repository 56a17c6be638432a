/**
 * Transactional outbox. A domain change and the events describing it commit in ONE transaction
 * (the change's rows plus `domain_outbox` rows); the relay then publishes each row to the engine
 * and deletes it. A crash after the commit and before or during the relay loses nothing: the rows
 * stay and the next drain (after any later write, or when the domain opens) publishes them. A crash
 * after publishing and before deleting republishes the same event id, which the engine ignores.
 * So every committed change is published exactly once as far as workflows can tell, and no event
 * is ever published for a change that rolled back.
 */
import type { Db, DbExecutor } from '../db/database.ts';
import type { DomainEvent, DomainEventSink } from './events.ts';

const INSERT_CHUNK = 500;

export async function appendToOutbox(trx: DbExecutor, events: readonly DomainEvent[], now: number): Promise<void> {
  for (let i = 0; i < events.length; i += INSERT_CHUNK) {
    const rows = events
      .slice(i, i + INSERT_CHUNK)
      .map((e) => ({ event_id: e.id, topic: e.topic, payload: JSON.stringify(e.payload), created_at: now }));
    await trx
      .insertInto('domain_outbox')
      .values(rows)
      .onConflict((oc) => oc.column('event_id').doNothing())
      .execute();
  }
}

export class OutboxRelay {
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly db: Db,
    private readonly sink: DomainEventSink,
    private readonly batchSize = 1_000,
  ) {}

  /**
   * Publishes every pending outbox row; resolves with how many were relayed. Calls queue behind each
   * other, so a caller that just committed sees its own events published when this resolves.
   */
  drain(): Promise<number> {
    const pass = this.tail.then(() => this.relayAll());
    this.tail = pass.catch(() => undefined);
    return pass;
  }

  async pending(): Promise<number> {
    const row = await this.db.kysely
      .selectFrom('domain_outbox')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  private async relayAll(): Promise<number> {
    let total = 0;
    for (;;) {
      const rows = await this.db.kysely
        .selectFrom('domain_outbox')
        .select(['seq', 'event_id', 'topic', 'payload'])
        .orderBy('seq')
        .limit(this.batchSize)
        .execute();
      if (rows.length === 0) return total;
      // Published together so the engine's group commit makes the whole batch durable at once.
      await Promise.all(
        rows.map((r) => this.sink.publish(r.topic, JSON.parse(r.payload) as unknown, { id: r.event_id })),
      );
      await this.db.kysely
        .deleteFrom('domain_outbox')
        .where(
          'seq',
          'in',
          rows.map((r) => Number(r.seq)),
        )
        .execute();
      total += rows.length;
    }
  }
}

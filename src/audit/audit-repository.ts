/**
 * The audit log, written once for SQLite and PostgreSQL. Appends are serialised so that exactly one
 * entry follows each other entry, across processes too:
 * - SQLite: the append transaction begins IMMEDIATE (src/db), so it holds the file's write lock from
 *   its first statement and no other appender can read the same chain head;
 * - PostgreSQL: it locks the chain-head row (`SELECT ... FROM audit_head FOR UPDATE`) for the whole
 *   transaction; the next appender blocks on that row until this one commits, then reads the head it
 *   wrote. A row lock rather than an advisory lock, because the head row is written anyway.
 */
import type { Insertable, Selectable } from 'kysely';
import type { Db, DbTransaction } from '../db/index.ts';
import type { AuditLogTable } from '../db/tables.ts';
import { chainEntries } from './chain.ts';
import type { AuditEntry, AuditFilter, AuditHead, NewAuditEntry } from './entries.ts';

function auditRow(e: AuditEntry): Insertable<AuditLogTable> {
  return {
    seq: e.seq,
    at: e.at,
    kind: e.kind,
    actor: e.actor,
    channel: e.channel,
    run_id: e.runId,
    approval_id: e.approvalId,
    action_id: e.actionId,
    idem_key: e.key,
    data: JSON.stringify(e.data),
    prev_hash: e.prevHash,
    hash: e.hash,
  };
}

function auditFromRow(row: Selectable<AuditLogTable>): AuditEntry {
  // Rows are written only by append, whose entries are typed: kind and data agree.
  return {
    seq: Number(row.seq),
    at: Number(row.at),
    kind: row.kind,
    actor: row.actor,
    channel: row.channel,
    runId: row.run_id,
    approvalId: row.approval_id,
    actionId: row.action_id,
    key: row.idem_key,
    data: JSON.parse(row.data) as unknown,
    prevHash: row.prev_hash,
    hash: row.hash,
  } as AuditEntry;
}

export class AuditRepository {
  constructor(private readonly db: Db) {}

  /** Appends in the given order as one transaction; returns the stored entries, same order. */
  async append(entries: readonly NewAuditEntry[]): Promise<AuditEntry[]> {
    if (entries.length === 0) return [];
    return this.db.transaction(async (trx) => {
      const head = await this.lockHead(trx);
      const keys = entries.flatMap((e) => (e.key === null ? [] : [e.key]));
      const existing = new Map<string, AuditEntry>();
      if (keys.length > 0) {
        const rows = await trx.selectFrom('audit_log').selectAll().where('idem_key', 'in', keys).execute();
        for (const row of rows) existing.set(row.idem_key!, auditFromRow(row));
      }
      const chained = chainEntries(head, entries, existing);
      if (chained.fresh.length === 0) return chained.results;
      await trx.insertInto('audit_log').values(chained.fresh.map(auditRow)).execute();
      await trx
        .updateTable('audit_head')
        .set({ seq: chained.head.seq, hash: chained.head.hash })
        .where('id', '=', 1)
        .execute();
      return chained.results;
    });
  }

  /** Matching entries, oldest first. */
  async list(filter: AuditFilter = {}): Promise<AuditEntry[]> {
    const rows = await this.db.kysely
      .selectFrom('audit_log')
      .selectAll()
      .$if(filter.runId !== undefined, (q) => q.where('run_id', '=', filter.runId!))
      .$if(filter.approvalId !== undefined, (q) => q.where('approval_id', '=', filter.approvalId!))
      .$if(filter.actionId !== undefined, (q) => q.where('action_id', '=', filter.actionId!))
      .$if(filter.kind !== undefined, (q) => q.where('kind', '=', filter.kind!))
      .$if(filter.actor !== undefined, (q) => q.where('actor', '=', filter.actor!))
      .$if(filter.afterSeq !== undefined, (q) => q.where('seq', '>', filter.afterSeq!))
      .$if(filter.atFrom !== undefined, (q) => q.where('at', '>=', filter.atFrom!))
      .$if(filter.atBefore !== undefined, (q) => q.where('at', '<', filter.atBefore!))
      .orderBy('seq', filter.latest ? 'desc' : 'asc')
      .limit(filter.limit ?? 100)
      .execute();
    const entries = rows.map(auditFromRow);
    return filter.latest ? entries.reverse() : entries;
  }

  /** Every entry up to `toSeq` (default: all), oldest first, read in pages: the input of verification. */
  async *iterate(options: { toSeq?: number; pageSize?: number } = {}): AsyncIterable<AuditEntry> {
    const toSeq = options.toSeq ?? Number.MAX_SAFE_INTEGER;
    for (let after = Number.MIN_SAFE_INTEGER; ;) {
      const rows = await this.db.kysely
        .selectFrom('audit_log')
        .selectAll()
        .where('seq', '>', after)
        .where('seq', '<=', toSeq)
        .orderBy('seq')
        .limit(options.pageSize ?? 1_000)
        .execute();
      for (const row of rows) yield auditFromRow(row);
      const last = rows.at(-1);
      if (last === undefined) return;
      after = Number(last.seq);
    }
  }

  async head(): Promise<AuditHead> {
    const row = await this.db.kysely
      .selectFrom('audit_head')
      .select(['seq', 'hash'])
      .where('id', '=', 1)
      .executeTakeFirstOrThrow();
    return { seq: Number(row.seq), hash: row.hash };
  }

  private async lockHead(trx: DbTransaction): Promise<AuditHead> {
    const row = await trx
      .selectFrom('audit_head')
      .select(['seq', 'hash'])
      .where('id', '=', 1)
      .$if(this.db.dialect === 'postgres', (q) => q.forUpdate())
      .executeTakeFirstOrThrow();
    return { seq: Number(row.seq), hash: row.hash };
  }
}

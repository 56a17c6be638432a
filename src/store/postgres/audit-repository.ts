import type pg from 'pg';
import type { AuditEntry, AuditFilter, AuditHead, AuditRepository, NewAuditEntry } from '../audit-types.ts';
import { AUDIT_COLUMNS, auditFromRow, auditValues, chainEntries, type AuditRow } from '../audit-rows.ts';
import { inTransaction } from './connection.ts';

/**
 * The audit log on PostgreSQL, shared by many worker processes. Appends are serialised by locking
 * the chain-head row (`SELECT ... FROM audit_head FOR UPDATE`) for the whole transaction: the next
 * appender blocks on that row until this one commits, then reads the head it wrote. One row lock
 * rather than an advisory lock, because the head row is written in the same transaction anyway.
 */
export class PostgresAuditRepository implements AuditRepository {
  constructor(private readonly pool: pg.Pool) {}

  async append(entries: NewAuditEntry[]): Promise<AuditEntry[]> {
    if (entries.length === 0) return [];
    return inTransaction(this.pool, async (c) => {
      const { rows: heads } = await c.query<AuditHead>('SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE');
      const keys = entries.flatMap((e) => (e.key === null ? [] : [e.key]));
      const existing = new Map<string, AuditEntry>();
      if (keys.length > 0) {
        const { rows } = await c.query<AuditRow>('SELECT * FROM audit_log WHERE idem_key = ANY($1::text[])', [keys]);
        for (const row of rows) existing.set(row.idem_key!, auditFromRow(row));
      }
      const chained = chainEntries(heads[0]!, entries, existing);
      if (chained.fresh.length === 0) return chained.results;
      const columns = AUDIT_COLUMNS.map((_, i) => chained.fresh.map((e) => auditValues(e)[i]));
      await c.query(
        `INSERT INTO audit_log (${AUDIT_COLUMNS.join(', ')})
         SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                              $8::text[], $9::text[], $10::text[], $11::text[], $12::text[])`,
        columns,
      );
      await c.query('UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1', [chained.head.seq, chained.head.hash]);
      return chained.results;
    });
  }

  async list(filter: AuditFilter = {}): Promise<AuditEntry[]> {
    const clauses: string[] = [];
    const args: unknown[] = [];
    const add = (column: string, value: unknown, op = '='): void => {
      args.push(value);
      clauses.push(`${column} ${op} $${args.length}`);
    };
    if (filter.runId !== undefined) add('run_id', filter.runId);
    if (filter.approvalId !== undefined) add('approval_id', filter.approvalId);
    if (filter.actionId !== undefined) add('action_id', filter.actionId);
    if (filter.kind !== undefined) add('kind', filter.kind);
    if (filter.actor !== undefined) add('actor', filter.actor);
    if (filter.afterSeq !== undefined) add('seq', filter.afterSeq, '>');
    const where = clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '';
    args.push(filter.limit ?? 100);
    const { rows } = await this.pool.query<AuditRow>(
      `SELECT * FROM audit_log ${where} ORDER BY seq ${filter.latest ? 'DESC' : 'ASC'} LIMIT $${args.length}`,
      args,
    );
    const entries = rows.map(auditFromRow);
    return filter.latest ? entries.reverse() : entries;
  }

  async *iterate(options: { toSeq?: number; pageSize?: number } = {}): AsyncIterable<AuditEntry> {
    const toSeq = options.toSeq ?? Number.MAX_SAFE_INTEGER;
    for (let after = Number.MIN_SAFE_INTEGER; ;) {
      const { rows } = await this.pool.query<AuditRow>(
        'SELECT * FROM audit_log WHERE seq > $1 AND seq <= $2 ORDER BY seq LIMIT $3',
        [after, toSeq, options.pageSize ?? 1_000],
      );
      for (const row of rows) yield auditFromRow(row);
      const last = rows.at(-1);
      if (last === undefined) return;
      after = Number(last.seq);
    }
  }

  async head(): Promise<AuditHead> {
    const { rows } = await this.pool.query<AuditHead>('SELECT seq, hash FROM audit_head WHERE id = 1');
    return rows[0]!;
  }
}

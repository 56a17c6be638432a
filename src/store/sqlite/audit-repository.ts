import type Database from 'better-sqlite3';
import type { AuditEntry, AuditFilter, AuditHead, AuditRepository, NewAuditEntry } from '../audit-types.ts';
import { AUDIT_COLUMNS, auditFromRow, auditValues, chainEntries, type AuditRow } from '../audit-rows.ts';

const INSERT = `INSERT INTO audit_log (${AUDIT_COLUMNS.join(', ')}) VALUES (${AUDIT_COLUMNS.map(() => '?').join(', ')})`;

/**
 * The audit log on SQLite. Appends are serialised by SQLite's single writer: the transaction is
 * BEGIN IMMEDIATE, so it holds the write lock from its first statement (across processes too, with
 * busy_timeout waiting for it) and no other appender can read the same chain head. PostgreSQL gets
 * the same guarantee from `SELECT ... FROM audit_head FOR UPDATE` (postgres/audit-repository.ts).
 */
export class SqliteAuditRepository implements AuditRepository {
  private readonly appendTx: (entries: NewAuditEntry[]) => AuditEntry[];

  constructor(private readonly db: Database.Database) {
    const tx = db.transaction((entries: NewAuditEntry[]) => this.appendLocked(entries));
    this.appendTx = (entries) => tx.immediate(entries);
  }

  async append(entries: NewAuditEntry[]): Promise<AuditEntry[]> {
    if (entries.length === 0) return [];
    return this.appendTx(entries);
  }

  private appendLocked(entries: NewAuditEntry[]): AuditEntry[] {
    const head = this.db.prepare('SELECT seq, hash FROM audit_head WHERE id = 1').get() as AuditHead;
    const keys = entries.flatMap((e) => (e.key === null ? [] : [e.key]));
    const existing = new Map<string, AuditEntry>();
    if (keys.length > 0) {
      const rows = this.db
        .prepare('SELECT * FROM audit_log WHERE idem_key IN (SELECT value FROM json_each(?))')
        .all(JSON.stringify(keys)) as AuditRow[];
      for (const row of rows) existing.set(row.idem_key!, auditFromRow(row));
    }
    const chained = chainEntries(head, entries, existing);
    const insert = this.db.prepare(INSERT);
    for (const e of chained.fresh) insert.run(...auditValues(e));
    if (chained.fresh.length > 0) {
      this.db.prepare('UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1').run(chained.head.seq, chained.head.hash);
    }
    return chained.results;
  }

  async list(filter: AuditFilter = {}): Promise<AuditEntry[]> {
    const clauses: string[] = [];
    const args: unknown[] = [];
    const add = (clause: string, value: unknown): void => {
      clauses.push(clause);
      args.push(value);
    };
    if (filter.runId !== undefined) add('run_id = ?', filter.runId);
    if (filter.approvalId !== undefined) add('approval_id = ?', filter.approvalId);
    if (filter.actionId !== undefined) add('action_id = ?', filter.actionId);
    if (filter.kind !== undefined) add('kind = ?', filter.kind);
    if (filter.actor !== undefined) add('actor = ?', filter.actor);
    if (filter.afterSeq !== undefined) add('seq > ?', filter.afterSeq);
    const where = clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '';
    const order = filter.latest ? 'DESC' : 'ASC';
    const rows = this.db
      .prepare(`SELECT * FROM audit_log ${where} ORDER BY seq ${order} LIMIT ?`)
      .all(...args, filter.limit ?? 100) as AuditRow[];
    const entries = rows.map(auditFromRow);
    return filter.latest ? entries.reverse() : entries;
  }

  async *iterate(options: { toSeq?: number; pageSize?: number } = {}): AsyncIterable<AuditEntry> {
    const page = this.db.prepare('SELECT * FROM audit_log WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?');
    const toSeq = options.toSeq ?? Number.MAX_SAFE_INTEGER;
    for (let after = Number.MIN_SAFE_INTEGER; ;) {
      const rows = page.all(after, toSeq, options.pageSize ?? 1_000) as AuditRow[];
      for (const row of rows) yield auditFromRow(row);
      const last = rows.at(-1);
      if (last === undefined) return;
      after = Number(last.seq);
    }
  }

  async head(): Promise<AuditHead> {
    return this.db.prepare('SELECT seq, hash FROM audit_head WHERE id = 1').get() as AuditHead;
  }
}

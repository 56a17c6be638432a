import type pg from 'pg';
import {
  APPROVAL_COLUMNS,
  approvalFromRow,
  approvalValues,
  linkFromRow,
  type ApprovalLinkRow,
  type ApprovalRow,
} from '../approval-rows.ts';
import type { ApprovalFilter, ApprovalLinkRecord, ApprovalRepository, StoredApproval } from '../approval-types.ts';

const placeholders = (from: number, n: number): string =>
  Array.from({ length: n }, (_, i) => `$${from + i}`).join(', ');
const INSERT = `INSERT INTO approvals (${APPROVAL_COLUMNS.join(', ')}) VALUES (${placeholders(1, APPROVAL_COLUMNS.length)})
  ON CONFLICT (id) DO NOTHING`;
const UPDATE_SET = APPROVAL_COLUMNS.slice(1)
  .map((c, i) => `${c} = $${i + 1}`)
  .join(', ');
const UPDATE = `UPDATE approvals SET ${UPDATE_SET} WHERE id = $${APPROVAL_COLUMNS.length} AND version = $${APPROVAL_COLUMNS.length + 1}`;

/**
 * Approvals on PostgreSQL. Every change is a compare-and-set on `version`: PostgreSQL re-checks
 * the WHERE clause on the row version a concurrent writer committed, so of two racing deciders
 * exactly one updates a row.
 */
export class PostgresApprovalRepository implements ApprovalRepository {
  constructor(private readonly pool: pg.Pool) {}

  async create(approval: StoredApproval): Promise<{ approval: StoredApproval; created: boolean }> {
    const res = await this.pool.query(INSERT, approvalValues(approval));
    const created = res.rowCount === 1;
    return { approval: created ? approval : (await this.get(approval.id))!, created };
  }

  async get(id: string): Promise<StoredApproval | null> {
    const { rows } = await this.pool.query<ApprovalRow>('SELECT * FROM approvals WHERE id = $1', [id]);
    return rows[0] ? approvalFromRow(rows[0]) : null;
  }

  async list(filter: ApprovalFilter = {}): Promise<StoredApproval[]> {
    const clauses: string[] = [];
    const args: unknown[] = [];
    if (filter.status !== undefined) {
      args.push(Array.isArray(filter.status) ? filter.status : [filter.status]);
      clauses.push(`status = ANY($${args.length}::text[])`);
    }
    if (filter.runId !== undefined) {
      args.push(filter.runId);
      clauses.push(`run_id = $${args.length}`);
    }
    const where = clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '';
    args.push(filter.limit ?? 100);
    const { rows } = await this.pool.query<ApprovalRow>(
      `SELECT * FROM approvals ${where} ORDER BY created_at DESC, id DESC LIMIT $${args.length}`,
      args,
    );
    return rows.map(approvalFromRow);
  }

  async update(next: StoredApproval, expectedVersion: number): Promise<boolean> {
    const [id, ...rest] = approvalValues(next);
    const res = await this.pool.query(UPDATE, [...rest, id, expectedVersion]);
    return res.rowCount === 1;
  }

  async listOutboxPending(limit: number): Promise<StoredApproval[]> {
    const { rows } = await this.pool.query<ApprovalRow>(
      'SELECT * FROM approvals WHERE outbox_pending = 1 ORDER BY updated_at LIMIT $1',
      [limit],
    );
    return rows.map(approvalFromRow);
  }

  async listUnacknowledged(publishedBefore: number, now: number, limit: number): Promise<StoredApproval[]> {
    const { rows } = await this.pool.query<ApprovalRow>(
      `SELECT * FROM approvals WHERE acknowledged_at IS NULL AND published_at IS NOT NULL AND published_at <= $1
       AND status IN ('approved', 'rejected') AND deadline > $2 ORDER BY published_at LIMIT $3`,
      [publishedBefore, now, limit],
    );
    return rows.map(approvalFromRow);
  }

  async markPublished(id: string, version: number, publishCount: number, now: number): Promise<void> {
    await this.pool.query(
      `UPDATE approvals SET published_at = $1, publish_count = greatest(publish_count, $2),
       outbox_pending = CASE WHEN version = $3 THEN 0 ELSE outbox_pending END WHERE id = $4`,
      [now, publishCount, version, id],
    );
  }

  async clearOutbox(id: string, version: number): Promise<void> {
    await this.pool.query('UPDATE approvals SET outbox_pending = 0 WHERE id = $1 AND version = $2', [id, version]);
  }

  async acknowledge(id: string, now: number): Promise<void> {
    await this.pool.query('UPDATE approvals SET acknowledged_at = $1 WHERE id = $2 AND acknowledged_at IS NULL', [
      now,
      id,
    ]);
  }

  async saveLink(link: ApprovalLinkRecord): Promise<void> {
    await this.pool.query(
      `INSERT INTO approval_links (nonce, approval_id, person_id, intent, created_at, expires_at, used_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [link.nonce, link.approvalId, link.personId, link.intent, link.createdAt, link.expiresAt, link.usedAt],
    );
  }

  async getLink(nonce: string): Promise<ApprovalLinkRecord | null> {
    const { rows } = await this.pool.query<ApprovalLinkRow>('SELECT * FROM approval_links WHERE nonce = $1', [nonce]);
    return rows[0] ? linkFromRow(rows[0]) : null;
  }

  async useLink(nonce: string, now: number): Promise<boolean> {
    const res = await this.pool.query('UPDATE approval_links SET used_at = $1 WHERE nonce = $2 AND used_at IS NULL', [
      now,
      nonce,
    ]);
    return res.rowCount === 1;
  }
}

import type Database from 'better-sqlite3';
import {
  APPROVAL_COLUMNS,
  approvalFromRow,
  approvalValues,
  linkFromRow,
  type ApprovalLinkRow,
  type ApprovalRow,
} from '../approval-rows.ts';
import type { ApprovalFilter, ApprovalLinkRecord, ApprovalRepository, StoredApproval } from '../approval-types.ts';

const INSERT = `INSERT INTO approvals (${APPROVAL_COLUMNS.join(', ')}) VALUES (${APPROVAL_COLUMNS.map(() => '?').join(', ')})
  ON CONFLICT (id) DO NOTHING`;
const UPDATE = `UPDATE approvals SET ${APPROVAL_COLUMNS.slice(1)
  .map((c) => `${c} = ?`)
  .join(', ')} WHERE id = ? AND version = ?`;

/** Approvals on SQLite. Every change is a compare-and-set on `version` (see approval-types.ts). */
export class SqliteApprovalRepository implements ApprovalRepository {
  constructor(private readonly db: Database.Database) {}

  async create(approval: StoredApproval): Promise<{ approval: StoredApproval; created: boolean }> {
    const created = this.db.prepare(INSERT).run(...approvalValues(approval)).changes === 1;
    return { approval: created ? approval : (await this.get(approval.id))!, created };
  }

  async get(id: string): Promise<StoredApproval | null> {
    const row = this.db.prepare('SELECT * FROM approvals WHERE id = ?').get(id) as ApprovalRow | undefined;
    return row ? approvalFromRow(row) : null;
  }

  async list(filter: ApprovalFilter = {}): Promise<StoredApproval[]> {
    const clauses: string[] = [];
    const args: unknown[] = [];
    if (filter.status !== undefined) {
      const statuses = Array.isArray(filter.status) ? filter.status : [filter.status];
      clauses.push(`status IN (${statuses.map(() => '?').join(', ')})`);
      args.push(...statuses);
    }
    if (filter.runId !== undefined) {
      clauses.push('run_id = ?');
      args.push(filter.runId);
    }
    const where = clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '';
    const rows = this.db
      .prepare(`SELECT * FROM approvals ${where} ORDER BY created_at DESC, id DESC LIMIT ?`)
      .all(...args, filter.limit ?? 100) as ApprovalRow[];
    return rows.map(approvalFromRow);
  }

  async update(next: StoredApproval, expectedVersion: number): Promise<boolean> {
    const [id, ...rest] = approvalValues(next);
    return this.db.prepare(UPDATE).run(...rest, id, expectedVersion).changes === 1;
  }

  async listOutboxPending(limit: number): Promise<StoredApproval[]> {
    const rows = this.db
      .prepare('SELECT * FROM approvals WHERE outbox_pending = 1 ORDER BY updated_at LIMIT ?')
      .all(limit) as ApprovalRow[];
    return rows.map(approvalFromRow);
  }

  async listUnacknowledged(publishedBefore: number, now: number, limit: number): Promise<StoredApproval[]> {
    const rows = this.db
      .prepare(
        `SELECT * FROM approvals WHERE acknowledged_at IS NULL AND published_at IS NOT NULL AND published_at <= ?
         AND status IN ('approved', 'rejected') AND deadline > ? ORDER BY published_at LIMIT ?`,
      )
      .all(publishedBefore, now, limit) as ApprovalRow[];
    return rows.map(approvalFromRow);
  }

  async markPublished(id: string, version: number, publishCount: number, now: number): Promise<void> {
    this.db
      .prepare(
        `UPDATE approvals SET published_at = ?, publish_count = max(publish_count, ?),
         outbox_pending = CASE WHEN version = ? THEN 0 ELSE outbox_pending END WHERE id = ?`,
      )
      .run(now, publishCount, version, id);
  }

  async clearOutbox(id: string, version: number): Promise<void> {
    this.db.prepare('UPDATE approvals SET outbox_pending = 0 WHERE id = ? AND version = ?').run(id, version);
  }

  async acknowledge(id: string, now: number): Promise<void> {
    this.db.prepare('UPDATE approvals SET acknowledged_at = ? WHERE id = ? AND acknowledged_at IS NULL').run(now, id);
  }

  async saveLink(link: ApprovalLinkRecord): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO approval_links (nonce, approval_id, person_id, intent, created_at, expires_at, used_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(link.nonce, link.approvalId, link.personId, link.intent, link.createdAt, link.expiresAt, link.usedAt);
  }

  async getLink(nonce: string): Promise<ApprovalLinkRecord | null> {
    const row = this.db.prepare('SELECT * FROM approval_links WHERE nonce = ?').get(nonce) as
      ApprovalLinkRow | undefined;
    return row ? linkFromRow(row) : null;
  }

  async useLink(nonce: string, now: number): Promise<boolean> {
    return (
      this.db.prepare('UPDATE approval_links SET used_at = ? WHERE nonce = ? AND used_at IS NULL').run(now, nonce)
        .changes === 1
    );
  }
}

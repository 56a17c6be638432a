import type Database from 'better-sqlite3';
import {
  NOTIFICATION_COLUMNS,
  notificationFromRow,
  notificationValues,
  type NotificationRow,
} from '../notification-rows.ts';
import type { DashboardNotification, NotificationListOptions, NotificationRepository } from '../notification-types.ts';
import { notificationPageSize } from '../notification-types.ts';

const INSERT = `INSERT INTO notifications (${NOTIFICATION_COLUMNS.join(', ')}) VALUES (${NOTIFICATION_COLUMNS.map(() => '?').join(', ')})
  ON CONFLICT (id) DO NOTHING`;

/** Dashboard notifications on SQLite (see notification-types.ts). */
export class SqliteNotificationRepository implements NotificationRepository {
  constructor(private readonly db: Database.Database) {}

  async create(
    notification: DashboardNotification,
  ): Promise<{ notification: DashboardNotification; created: boolean }> {
    const created = this.db.prepare(INSERT).run(...notificationValues(notification)).changes === 1;
    if (created) return { notification, created };
    const row = this.db.prepare('SELECT * FROM notifications WHERE id = ?').get(notification.id) as NotificationRow;
    return { notification: notificationFromRow(row), created };
  }

  async list(personId: string, options: NotificationListOptions = {}): Promise<DashboardNotification[]> {
    const unread = options.unreadOnly === true ? 'AND read_at IS NULL' : '';
    const rows = this.db
      .prepare(`SELECT * FROM notifications WHERE person_id = ? ${unread} ORDER BY created_at DESC, id DESC LIMIT ?`)
      .all(personId, notificationPageSize(options)) as NotificationRow[];
    return rows.map(notificationFromRow);
  }

  async countUnread(personId: string): Promise<number> {
    const row = this.db
      .prepare('SELECT count(*) AS n FROM notifications WHERE person_id = ? AND read_at IS NULL')
      .get(personId) as { n: number };
    return Number(row.n);
  }

  async markRead(personId: string, ids: readonly string[], now: number): Promise<number> {
    if (ids.length === 0) return 0;
    const sql = `UPDATE notifications SET read_at = ? WHERE person_id = ? AND read_at IS NULL AND id IN (${ids.map(() => '?').join(', ')})`;
    return this.db.prepare(sql).run(now, personId, ...ids).changes;
  }

  async markAllRead(personId: string, now: number): Promise<number> {
    return this.db
      .prepare('UPDATE notifications SET read_at = ? WHERE person_id = ? AND read_at IS NULL')
      .run(now, personId).changes;
  }
}

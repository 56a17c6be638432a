import type pg from 'pg';
import {
  NOTIFICATION_COLUMNS,
  notificationFromRow,
  notificationValues,
  type NotificationRow,
} from '../notification-rows.ts';
import type { DashboardNotification, NotificationListOptions, NotificationRepository } from '../notification-types.ts';
import { notificationPageSize } from '../notification-types.ts';

const INSERT = `INSERT INTO notifications (${NOTIFICATION_COLUMNS.join(', ')})
  VALUES (${NOTIFICATION_COLUMNS.map((_, i) => `$${i + 1}`).join(', ')}) ON CONFLICT (id) DO NOTHING`;

/** Dashboard notifications on PostgreSQL (see notification-types.ts). */
export class PostgresNotificationRepository implements NotificationRepository {
  constructor(private readonly pool: pg.Pool) {}

  async create(
    notification: DashboardNotification,
  ): Promise<{ notification: DashboardNotification; created: boolean }> {
    const res = await this.pool.query(INSERT, notificationValues(notification));
    if (res.rowCount === 1) return { notification, created: true };
    const { rows } = await this.pool.query<NotificationRow>('SELECT * FROM notifications WHERE id = $1', [
      notification.id,
    ]);
    return { notification: notificationFromRow(rows[0]!), created: false };
  }

  async list(personId: string, options: NotificationListOptions = {}): Promise<DashboardNotification[]> {
    const unread = options.unreadOnly === true ? 'AND read_at IS NULL' : '';
    const { rows } = await this.pool.query<NotificationRow>(
      `SELECT * FROM notifications WHERE person_id = $1 ${unread} ORDER BY created_at DESC, id DESC LIMIT $2`,
      [personId, notificationPageSize(options)],
    );
    return rows.map(notificationFromRow);
  }

  async countUnread(personId: string): Promise<number> {
    const { rows } = await this.pool.query<{ n: string }>(
      'SELECT count(*) AS n FROM notifications WHERE person_id = $1 AND read_at IS NULL',
      [personId],
    );
    return Number(rows[0]?.n ?? 0);
  }

  async markRead(personId: string, ids: readonly string[], now: number): Promise<number> {
    if (ids.length === 0) return 0;
    const res = await this.pool.query(
      'UPDATE notifications SET read_at = $1 WHERE person_id = $2 AND read_at IS NULL AND id = ANY($3::text[])',
      [now, personId, [...ids]],
    );
    return res.rowCount ?? 0;
  }

  async markAllRead(personId: string, now: number): Promise<number> {
    const res = await this.pool.query(
      'UPDATE notifications SET read_at = $1 WHERE person_id = $2 AND read_at IS NULL',
      [now, personId],
    );
    return res.rowCount ?? 0;
  }
}

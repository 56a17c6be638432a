/**
 * Dashboard notifications: what PsiZero told a person, kept in the database so people without
 * Slack or email (and everyone else) find it in the dashboard. Written by the channels' durable
 * delivery steps, whose idempotency key gives the row id, so a step that runs twice writes once;
 * read and marked read by the dashboard and the API. Written once for SQLite and PostgreSQL.
 *
 * Settling: a request to decide is news only while someone may still act on it. Once its person
 * has decided, `settle` marks their requests read, and once the approval is decided or expires,
 * everyone's, so the unread badge counts what still needs someone; they stay in the list, where
 * the page shows how the approval ended. Only requests are settled: the notice of how an approval
 * ended is news in its own right.
 */
import type { Selectable } from 'kysely';
import type { Db } from '../db/index.ts';
import type { NotificationsTable } from '../db/tables.ts';

export interface DashboardNotification {
  /** Derived from the delivering step's idempotency key. */
  id: string;
  /** Directory id of the person it is for. */
  personId: string;
  /** The gate's notification type (`approval_requested`, `approval_resolved`, ...). */
  type: string;
  title: string;
  /** Plain text, a few lines. */
  body: string;
  approvalId: string | null;
  runId: string | null;
  /** When the decision is due, for requests and escalations. */
  deadline: number | null;
  createdAt: number;
  readAt: number | null;
}

export interface NotificationListOptions {
  /** Default 50, at most 500. Newest first. */
  limit?: number;
  /** Only notifications not yet marked read. */
  unreadOnly?: boolean;
}

export const MAX_NOTIFICATION_PAGE = 500;

/** The notification types that ask someone to decide; they are settled when the approval is. */
export const DECISION_REQUEST_TYPES: readonly string[] = ['approval_requested', 'approval_escalated', 'recommendation'];

function pageSize(options: NotificationListOptions): number {
  return Math.max(1, Math.min(MAX_NOTIFICATION_PAGE, Math.floor(options.limit ?? 50)));
}

const optionalNumber = (v: number | null): number | null => (v === null ? null : Number(v));

function notificationFromRow(row: Selectable<NotificationsTable>): DashboardNotification {
  return {
    id: row.id,
    personId: row.person_id,
    type: row.type,
    title: row.title,
    body: row.body,
    approvalId: row.approval_id,
    runId: row.run_id,
    deadline: optionalNumber(row.deadline),
    createdAt: Number(row.created_at),
    readAt: optionalNumber(row.read_at),
  };
}

export class NotificationRepository {
  constructor(private readonly db: Db) {}

  /** Inserts unless the id exists (then returns the stored row): delivering twice is harmless. */
  async create(
    notification: DashboardNotification,
  ): Promise<{ notification: DashboardNotification; created: boolean }> {
    const n = notification;
    const result = await this.db.kysely
      .insertInto('notifications')
      .values({
        id: n.id,
        person_id: n.personId,
        type: n.type,
        title: n.title,
        body: n.body,
        approval_id: n.approvalId,
        run_id: n.runId,
        deadline: n.deadline,
        created_at: n.createdAt,
        read_at: n.readAt,
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .executeTakeFirst();
    if (result.numInsertedOrUpdatedRows === 1n) return { notification, created: true };
    const row = await this.db.kysely
      .selectFrom('notifications')
      .selectAll()
      .where('id', '=', n.id)
      .executeTakeFirstOrThrow();
    return { notification: notificationFromRow(row), created: false };
  }

  /** One person's notifications, newest first. */
  async list(personId: string, options: NotificationListOptions = {}): Promise<DashboardNotification[]> {
    const rows = await this.db.kysely
      .selectFrom('notifications')
      .selectAll()
      .where('person_id', '=', personId)
      .$if(options.unreadOnly === true, (q) => q.where('read_at', 'is', null))
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(pageSize(options))
      .execute();
    return rows.map(notificationFromRow);
  }

  async countUnread(personId: string): Promise<number> {
    const row = await this.db.kysely
      .selectFrom('notifications')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('person_id', '=', personId)
      .where('read_at', 'is', null)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  /**
   * Marks the given notifications read, only those belonging to `personId` (so one person cannot
   * clear another's). Returns how many changed.
   */
  async markRead(personId: string, ids: readonly string[], now: number): Promise<number> {
    if (ids.length === 0) return 0;
    const result = await this.db.kysely
      .updateTable('notifications')
      .set({ read_at: now })
      .where('person_id', '=', personId)
      .where('read_at', 'is', null)
      .where('id', 'in', ids)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  /**
   * Marks the unread requests about `approvalId` read: those of `people` (who have decided), or
   * everyone's when `people` is null (the approval is settled). Idempotent; returns how many changed.
   */
  async settle(approvalId: string, now: number, people: readonly string[] | null = null): Promise<number> {
    if (people !== null && people.length === 0) return 0;
    const result = await this.db.kysely
      .updateTable('notifications')
      .set({ read_at: now })
      .where('approval_id', '=', approvalId)
      .where('read_at', 'is', null)
      .where('type', 'in', DECISION_REQUEST_TYPES)
      .$if(people !== null, (q) => q.where('person_id', 'in', people!))
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async markAllRead(personId: string, now: number): Promise<number> {
    const result = await this.db.kysely
      .updateTable('notifications')
      .set({ read_at: now })
      .where('person_id', '=', personId)
      .where('read_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }
}

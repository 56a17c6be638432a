/**
 * Dashboard notifications: what PsiZero told a person, kept in the database so people without
 * Slack or email (and everyone else) find it in the dashboard. A row is written by a durable
 * delivery step whose idempotency key gives the row id, so a step that runs twice writes once.
 */

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

export interface NotificationRepository {
  /** Inserts unless the id exists (then returns the stored row): delivering twice is harmless. */
  create(notification: DashboardNotification): Promise<{ notification: DashboardNotification; created: boolean }>;
  /** One person's notifications, newest first. */
  list(personId: string, options?: NotificationListOptions): Promise<DashboardNotification[]>;
  countUnread(personId: string): Promise<number>;
  /**
   * Marks the given notifications read, only those belonging to `personId` (so one person cannot
   * clear another's). Returns how many changed.
   */
  markRead(personId: string, ids: readonly string[], now: number): Promise<number>;
  markAllRead(personId: string, now: number): Promise<number>;
}

export const MAX_NOTIFICATION_PAGE = 500;

export function notificationPageSize(options: NotificationListOptions = {}): number {
  return Math.max(1, Math.min(MAX_NOTIFICATION_PAGE, Math.floor(options.limit ?? 50)));
}

/** Row mapping shared by the SQLite and PostgreSQL notification repositories. */
import type { DashboardNotification } from './notification-types.ts';

export interface NotificationRow {
  id: string;
  person_id: string;
  type: string;
  title: string;
  body: string;
  approval_id: string | null;
  run_id: string | null;
  deadline: number | string | null;
  created_at: number | string;
  read_at: number | string | null;
}

export const NOTIFICATION_COLUMNS = [
  'id',
  'person_id',
  'type',
  'title',
  'body',
  'approval_id',
  'run_id',
  'deadline',
  'created_at',
  'read_at',
] as const;

/** Column values in the order of NOTIFICATION_COLUMNS. */
export function notificationValues(n: DashboardNotification): unknown[] {
  return [n.id, n.personId, n.type, n.title, n.body, n.approvalId, n.runId, n.deadline, n.createdAt, n.readAt];
}

const optionalNumber = (v: number | string | null): number | null => (v === null ? null : Number(v));

/** PostgreSQL returns BIGINT columns as strings; both adapters map through here. */
export function notificationFromRow(row: NotificationRow): DashboardNotification {
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

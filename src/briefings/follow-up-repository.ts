/**
 * Follow-ups the morning briefing planned: dashboard tasks ("follow up with Acme, a trial using
 * the product every day"), one per person, kind and customer while open. The briefing records the
 * follow-ups its plan names (`plan`, in a durable step: ids are derived from the task, so a step
 * that runs twice writes once), reads those still open at its moment (`openAt`) to carry them
 * into the next morning, and the person closes them from the dashboard or the API. Written once
 * for SQLite and PostgreSQL.
 */
import { createHash } from 'node:crypto';
import type { Db } from '../db/index.ts';
import type { FollowUpsTable } from '../db/tables.ts';
import { ConflictError, NotFoundError } from '../lib/errors.ts';

export const FOLLOW_UP_KINDS = ['follow_up', 'upgrade'] as const;
export type FollowUpKind = (typeof FOLLOW_UP_KINDS)[number];
export type FollowUpStatus = FollowUpsTable['status'];
export type FollowUpClosing = Exclude<FollowUpStatus, 'open'>;

export interface PlannedFollowUp {
  personId: string;
  kind: FollowUpKind;
  customerId: string;
  text: string;
  /** The morning whose plan named it. */
  briefingDate: string;
}

export interface FollowUp extends PlannedFollowUp {
  id: string;
  runId: string | null;
  createdAt: number;
  status: FollowUpStatus;
  closedAt: number | null;
  closedBy: string | null;
}

export interface FollowUpFilter {
  personId?: string;
  status?: FollowUpStatus;
  limit?: number;
}

/** The same task planned on the same morning always gets the same id. */
export function followUpId(task: Pick<PlannedFollowUp, 'personId' | 'kind' | 'customerId' | 'briefingDate'>): string {
  const key = [task.personId, task.kind, task.customerId, task.briefingDate].join('\u0000');
  return `fu_${createHash('sha256').update(key).digest('hex').slice(0, 24)}`;
}

function fromRow(row: FollowUpsTable): FollowUp {
  return {
    id: row.id,
    personId: row.person_id,
    kind: row.kind as FollowUpKind,
    customerId: row.customer_id,
    text: row.text,
    briefingDate: row.briefing_date,
    runId: row.run_id,
    createdAt: Number(row.created_at),
    status: row.status,
    closedAt: row.closed_at === null ? null : Number(row.closed_at),
    closedBy: row.closed_by,
  };
}

export class FollowUpRepository {
  constructor(private readonly db: Db) {}

  /**
   * Records the tasks a morning planned. A task already open for the same person, kind and
   * customer (from an earlier morning) is kept as it is, not doubled. Returns the ids now open
   * for the planned tasks, in their order.
   */
  async plan(tasks: readonly PlannedFollowUp[], context: { runId: string | null; now: number }): Promise<string[]> {
    if (tasks.length === 0) return [];
    await this.db.kysely
      .insertInto('follow_ups')
      .values(
        tasks.map((t) => ({
          id: followUpId(t),
          person_id: t.personId,
          kind: t.kind,
          customer_id: t.customerId,
          text: t.text,
          briefing_date: t.briefingDate,
          run_id: context.runId,
          created_at: context.now,
          status: 'open' as const,
          closed_at: null,
          closed_by: null,
        })),
      )
      // The primary key (a step run twice) or the one-open-task index (an earlier morning's task).
      .onConflict((oc) => oc.doNothing())
      .execute();
    const open = await this.db.kysely
      .selectFrom('follow_ups')
      .select(['id', 'person_id', 'kind', 'customer_id'])
      .where('status', '=', 'open')
      .where(
        'customer_id',
        'in',
        tasks.map((t) => t.customerId),
      )
      .execute();
    const idOf = new Map(open.map((r) => [`${r.person_id}|${r.kind}|${r.customer_id}`, r.id]));
    return tasks.flatMap((t) => idOf.get(`${t.personId}|${t.kind}|${t.customerId}`) ?? []);
  }

  /** The tasks open at `asOf`: created by then and not closed by then (a past morning reads its own past). */
  async openAt(asOf: number): Promise<FollowUp[]> {
    const rows = await this.db.kysely
      .selectFrom('follow_ups')
      .selectAll()
      .where('created_at', '<=', asOf)
      .where((eb) => eb.or([eb('closed_at', 'is', null), eb('closed_at', '>', asOf)]))
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(fromRow);
  }

  /** The tasks closed in `(from, to]`: a follow-up just done or dismissed is not planned again at once. */
  async closedBetween(from: number, to: number): Promise<FollowUp[]> {
    const rows = await this.db.kysely
      .selectFrom('follow_ups')
      .selectAll()
      .where('closed_at', '>', from)
      .where('closed_at', '<=', to)
      .orderBy('closed_at')
      .orderBy('id')
      .execute();
    return rows.map(fromRow);
  }

  async list(filter: FollowUpFilter = {}): Promise<FollowUp[]> {
    let query = this.db.kysely.selectFrom('follow_ups').selectAll();
    if (filter.personId !== undefined) query = query.where('person_id', '=', filter.personId);
    if (filter.status !== undefined) query = query.where('status', '=', filter.status);
    const rows = await query
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .limit(filter.limit ?? 100)
      .execute();
    return rows.map(fromRow);
  }

  async get(id: string): Promise<FollowUp> {
    const row = await this.db.kysely.selectFrom('follow_ups').selectAll().where('id', '=', id).executeTakeFirst();
    if (row === undefined) throw new NotFoundError('follow-up', id);
    return fromRow(row);
  }

  /** Marks an open task done or dismissed, once: a task already closed is a conflict naming how. */
  async close(id: string, closing: { status: FollowUpClosing; by: string; at: number }): Promise<FollowUp> {
    const result = await this.db.kysely
      .updateTable('follow_ups')
      .set({ status: closing.status, closed_at: closing.at, closed_by: closing.by })
      .where('id', '=', id)
      .where('status', '=', 'open')
      .executeTakeFirst();
    const task = await this.get(id);
    if (Number(result.numUpdatedRows) === 0)
      throw new ConflictError(`this follow-up was already marked ${task.status}`, 'FOLLOW_UP_CLOSED');
    return task;
  }
}

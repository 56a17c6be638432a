/**
 * Aggregates read on every metrics scrape: current run counts, timers and open approvals. Computed
 * in SQL from the shared database, so every process reports the same global figures. It reads the
 * engine's runs and the approvals, two owners' tables, so it lives in the wiring layer that sees
 * both; written once for SQLite and PostgreSQL.
 */
import { sql } from 'kysely';
import type { Db } from '../db/index.ts';

export interface RunCount {
  workflow: string;
  status: string;
  count: number;
}

export interface TimerStats {
  /** Waiting runs with a wake-up time (a timer, a retry delay or a wait's timeout). */
  scheduled: number;
  /** Of those, the ones whose time has come and that no worker has picked up yet. */
  due: number;
  /** The oldest due wake-up time, or null when nothing is due. */
  oldestDueAt: number | null;
}

export interface OpenApprovalStats {
  status: string;
  level: number;
  count: number;
  /** Creation time of the oldest open approval in this group. */
  oldestCreatedAt: number;
  /** Sum of creation times, so the mean age is `now - sum / count`. */
  createdAtSum: number;
}

export class StatsRepository {
  constructor(private readonly db: Db) {}

  async runCounts(): Promise<RunCount[]> {
    const rows = await this.db.kysely
      .selectFrom('runs')
      .select((eb) => ['workflow', 'status', eb.fn.countAll().as('count')])
      .groupBy(['workflow', 'status'])
      .orderBy('workflow')
      .orderBy('status')
      .execute();
    return rows.map((r) => ({ workflow: r.workflow, status: r.status, count: Number(r.count) }));
  }

  async timers(now: number): Promise<TimerStats> {
    const row = await this.db.kysely
      .selectFrom('runs')
      .select((eb) => [
        eb.fn.countAll().as('scheduled'),
        sql<number | string | null>`sum(CASE WHEN runnable_at <= ${now} THEN 1 ELSE 0 END)`.as('due'),
        sql<number | string | null>`min(CASE WHEN runnable_at <= ${now} THEN runnable_at END)`.as('oldest'),
      ])
      .where('status', '=', 'waiting')
      .where('runnable_at', 'is not', null)
      .executeTakeFirstOrThrow();
    return {
      scheduled: Number(row.scheduled),
      due: Number(row.due ?? 0),
      oldestDueAt: row.oldest === null ? null : Number(row.oldest),
    };
  }

  /** Pending and escalated approvals, grouped by status and level. */
  async openApprovals(): Promise<OpenApprovalStats[]> {
    const rows = await this.db.kysely
      .selectFrom('approvals')
      .select((eb) => [
        'status',
        'level',
        eb.fn.countAll().as('count'),
        eb.fn.min('created_at').as('oldest'),
        // PostgreSQL sums bigint as numeric, which pg hands over as a string.
        eb.fn.sum<number | string>('created_at').as('total'),
      ])
      .where('status', 'in', ['pending', 'escalated'])
      .groupBy(['status', 'level'])
      .orderBy('status')
      .orderBy('level')
      .execute();
    return rows.map((r) => ({
      status: r.status,
      level: Number(r.level),
      count: Number(r.count),
      oldestCreatedAt: Number(r.oldest),
      createdAtSum: Number(r.total),
    }));
  }
}

import type pg from 'pg';
import type { OpenApprovalStats, RunCount, StatsRepository, TimerStats } from '../stats-types.ts';

/** Metrics aggregates on PostgreSQL (see stats-types.ts). */
export class PostgresStatsRepository implements StatsRepository {
  constructor(private readonly pool: pg.Pool) {}

  async runCounts(): Promise<RunCount[]> {
    const { rows } = await this.pool.query<RunCount>(
      'SELECT workflow, status, count(*)::int AS count FROM runs GROUP BY workflow, status ORDER BY workflow, status',
    );
    return rows;
  }

  async timers(now: number): Promise<TimerStats> {
    const { rows } = await this.pool.query<{ scheduled: number; due: number; oldest: string | number | null }>(
      `SELECT count(*)::int AS scheduled,
              count(*) FILTER (WHERE runnable_at <= $1)::int AS due,
              min(runnable_at) FILTER (WHERE runnable_at <= $1) AS oldest
       FROM runs WHERE status = 'waiting' AND runnable_at IS NOT NULL`,
      [now],
    );
    const row = rows[0]!;
    return { scheduled: row.scheduled, due: row.due, oldestDueAt: row.oldest === null ? null : Number(row.oldest) };
  }

  async openApprovals(): Promise<OpenApprovalStats[]> {
    const { rows } = await this.pool.query<{
      status: string;
      level: number;
      count: number;
      oldest: string | number;
      total: string | number;
    }>(
      `SELECT status, level, count(*)::int AS count, min(created_at) AS oldest, sum(created_at)::float8 AS total
       FROM approvals WHERE status IN ('pending', 'escalated') GROUP BY status, level ORDER BY status, level`,
    );
    return rows.map((r) => ({
      status: r.status,
      level: r.level,
      count: r.count,
      oldestCreatedAt: Number(r.oldest),
      createdAtSum: Number(r.total),
    }));
  }
}

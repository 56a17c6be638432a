import type Database from 'better-sqlite3';
import type { OpenApprovalStats, RunCount, StatsRepository, TimerStats } from '../stats-types.ts';

/** Metrics aggregates on SQLite (see stats-types.ts). */
export class SqliteStatsRepository implements StatsRepository {
  constructor(private readonly db: Database.Database) {}

  async runCounts(): Promise<RunCount[]> {
    return this.db
      .prepare(
        'SELECT workflow, status, count(*) AS count FROM runs GROUP BY workflow, status ORDER BY workflow, status',
      )
      .all() as RunCount[];
  }

  async timers(now: number): Promise<TimerStats> {
    const row = this.db
      .prepare(
        `SELECT count(*) AS scheduled,
                coalesce(sum(CASE WHEN runnable_at <= ? THEN 1 ELSE 0 END), 0) AS due,
                min(CASE WHEN runnable_at <= ? THEN runnable_at END) AS oldestDueAt
         FROM runs WHERE status = 'waiting' AND runnable_at IS NOT NULL`,
      )
      .get(now, now) as TimerStats;
    return { scheduled: row.scheduled, due: row.due, oldestDueAt: row.oldestDueAt };
  }

  async openApprovals(): Promise<OpenApprovalStats[]> {
    return this.db
      .prepare(
        `SELECT status, level, count(*) AS count, min(created_at) AS oldestCreatedAt, sum(created_at) AS createdAtSum
         FROM approvals WHERE status IN ('pending', 'escalated') GROUP BY status, level ORDER BY status, level`,
      )
      .all() as OpenApprovalStats[];
  }
}

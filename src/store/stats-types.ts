/**
 * Aggregates read on every metrics scrape: current run counts, timers and open approvals. Computed
 * in SQL from the shared database, so every process reports the same global figures.
 */

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

export interface StatsRepository {
  runCounts(): Promise<RunCount[]>;
  timers(now: number): Promise<TimerStats>;
  /** Pending and escalated approvals, grouped by status and level. */
  openApprovals(): Promise<OpenApprovalStats[]>;
}

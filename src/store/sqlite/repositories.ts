import type Database from 'better-sqlite3';
import { SqliteApprovalRepository } from './approval-repository.ts';
import { SqliteAuditRepository } from './audit-repository.ts';
import { SqliteAuthRepository } from './auth-repository.ts';
import { SqliteNotificationRepository } from './notification-repository.ts';
import { SqliteStatsRepository } from './stats-repository.ts';

export interface SqliteRepositories {
  audit: SqliteAuditRepository;
  approvals: SqliteApprovalRepository;
  auth: SqliteAuthRepository;
  stats: SqliteStatsRepository;
  notifications: SqliteNotificationRepository;
}

/** The SQLite repositories beside the engine's Store, on the same connection (`SqliteStore.db`). */
export function createSqliteRepositories(db: Database.Database): SqliteRepositories {
  return {
    audit: new SqliteAuditRepository(db),
    approvals: new SqliteApprovalRepository(db),
    auth: new SqliteAuthRepository(db),
    stats: new SqliteStatsRepository(db),
    notifications: new SqliteNotificationRepository(db),
  };
}

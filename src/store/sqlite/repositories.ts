import type Database from 'better-sqlite3';
import { SqliteApprovalRepository } from './approval-repository.ts';
import { SqliteAuditRepository } from './audit-repository.ts';

/** The SQLite repositories beside the engine's Store, on the same connection (`SqliteStore.db`). */
export function createSqliteRepositories(db: Database.Database): { audit: SqliteAuditRepository; approvals: SqliteApprovalRepository } {
  return { audit: new SqliteAuditRepository(db), approvals: new SqliteApprovalRepository(db) };
}

import type pg from 'pg';
import { PostgresApprovalRepository } from './approval-repository.ts';
import { PostgresAuditRepository } from './audit-repository.ts';

/** The PostgreSQL repositories beside the engine's Store, on the same pool (`PostgresStore.pool`). */
export function createPostgresRepositories(pool: pg.Pool): { audit: PostgresAuditRepository; approvals: PostgresApprovalRepository } {
  return { audit: new PostgresAuditRepository(pool), approvals: new PostgresApprovalRepository(pool) };
}

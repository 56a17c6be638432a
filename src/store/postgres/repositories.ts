import type pg from 'pg';
import { PostgresApprovalRepository } from './approval-repository.ts';
import { PostgresAuditRepository } from './audit-repository.ts';
import { PostgresAuthRepository } from './auth-repository.ts';
import { PostgresNotificationRepository } from './notification-repository.ts';
import { PostgresStatsRepository } from './stats-repository.ts';

export interface PostgresRepositories {
  audit: PostgresAuditRepository;
  approvals: PostgresApprovalRepository;
  auth: PostgresAuthRepository;
  stats: PostgresStatsRepository;
  notifications: PostgresNotificationRepository;
}

/** The PostgreSQL repositories beside the engine's Store, on the same pool (`PostgresStore.pool`). */
export function createPostgresRepositories(pool: pg.Pool): PostgresRepositories {
  return {
    audit: new PostgresAuditRepository(pool),
    approvals: new PostgresApprovalRepository(pool),
    auth: new PostgresAuthRepository(pool),
    stats: new PostgresStatsRepository(pool),
    notifications: new PostgresNotificationRepository(pool),
  };
}

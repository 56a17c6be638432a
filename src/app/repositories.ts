/**
 * The repositories beside the engine's store, each owned by the module whose data it is, all on the
 * one Kysely handle of the database (src/db).
 */
import { ApprovalRepository } from '../approvals/approval-repository.ts';
import { AuditRepository } from '../audit/audit-repository.ts';
import { AuthRepository } from '../auth/auth-repository.ts';
import type { Db } from '../db/index.ts';
import { NotificationRepository } from '../notifications/index.ts';
import { CustomerOutbox } from '../outbox/index.ts';
import { StatsRepository } from './stats-repository.ts';

export interface Repositories {
  audit: AuditRepository;
  approvals: ApprovalRepository;
  auth: AuthRepository;
  /** Metrics aggregates over runs and approvals. */
  stats: StatsRepository;
  /** Dashboard notifications (src/channels writes them; the dashboard lists and marks them read). */
  notifications: NotificationRepository;
  /** Customer messages captured while no SMTP server or SMS provider is configured (the messenger writes, the dashboard reads). */
  customerOutbox: CustomerOutbox;
}

export function createRepositories(db: Db, now: () => number = Date.now): Repositories {
  return {
    audit: new AuditRepository(db),
    approvals: new ApprovalRepository(db),
    auth: new AuthRepository(db),
    stats: new StatsRepository(db),
    notifications: new NotificationRepository(db),
    customerOutbox: new CustomerOutbox(db, now),
  };
}

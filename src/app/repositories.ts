/**
 * The repositories beside the engine's Store (audit log, approvals, authentication, metrics
 * aggregates, dashboard notifications), on the store's own connection: the SQLite file's handle or the PostgreSQL pool.
 */
import type { ApprovalRepository } from '../store/approval-types.ts';
import type { AuditRepository } from '../store/audit-types.ts';
import type { AuthRepository } from '../store/auth-types.ts';
import type { NotificationRepository } from '../store/notification-types.ts';
import type { PostgresStore } from '../store/postgres/index.ts';
import { SqliteStore, createSqliteRepositories } from '../store/sqlite/index.ts';
import type { StatsRepository } from '../store/stats-types.ts';
import type { Store } from '../store/types.ts';
import { InternalError } from '../lib/errors.ts';

export interface Repositories {
  audit: AuditRepository;
  approvals: ApprovalRepository;
  auth: AuthRepository;
  stats: StatsRepository;
  /** Dashboard notifications (src/channels writes them; the dashboard lists and marks them read). */
  notifications: NotificationRepository;
}

export async function openRepositories(store: Store): Promise<Repositories> {
  if (store instanceof SqliteStore) return createSqliteRepositories(store.db);
  if (store.kind === 'postgres') {
    const { createPostgresRepositories } = await import('../store/postgres/index.ts');
    return createPostgresRepositories((store as PostgresStore).pool);
  }
  throw new InternalError(`no repositories for a '${store.kind}' store`);
}

export { SqliteStore, type SqliteStoreOptions } from './sqlite-store.ts';
export { createSqliteRepositories, type SqliteRepositories } from './repositories.ts';
export { SqliteAuditRepository } from './audit-repository.ts';
export { SqliteApprovalRepository } from './approval-repository.ts';
export { SqliteAuthRepository } from './auth-repository.ts';
export { SqliteStatsRepository } from './stats-repository.ts';
export { SqliteNotificationRepository } from './notification-repository.ts';

export { SqliteStore, type SqliteStoreOptions } from './sqlite-store.ts';
export { createSqliteRepositories } from './repositories.ts';
export { SqliteAuditRepository } from './audit-repository.ts';
export { SqliteApprovalRepository } from './approval-repository.ts';

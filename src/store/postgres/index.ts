export { PostgresStore, createPostgresStore } from './postgres-store.ts';
export type { PostgresStoreOptions } from './connection.ts';
export { migratePostgres } from './migrate.ts';
export { createPostgresRepositories, type PostgresRepositories } from './repositories.ts';

export { PostgresStore, createPostgresStore } from './postgres-store.ts';
export type { PostgresStoreOptions } from './connection.ts';

export { SqliteStore, type SqliteStoreOptions } from './sqlite-store.ts';
export { ConnectionGate } from './connection-gate.ts';

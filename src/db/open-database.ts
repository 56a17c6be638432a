import { InternalError } from '../lib/errors.ts';
import type { PostgresStore } from '../store/postgres/index.ts';
import { SqliteStore } from '../store/sqlite/index.ts';
import { postgresDb, sqliteDb, type Db } from './database.ts';

export interface DatabaseOptions {
  /** PostgreSQL connection URL; when absent PsiZero runs on the SQLite file at `sqlitePath`. */
  url?: string;
  sqlitePath?: string;
  /** SQLite: 'full' (default) fsyncs every commit; see SqliteStoreOptions. */
  durability?: 'full' | 'normal';
  /** PostgreSQL: the schema holding PsiZero's tables (created if missing). */
  schema?: string;
  poolSize?: number;
  applicationName?: string;
  onConnectionError?: (err: Error) => void;
}

/**
 * The one database of an installation: the engine's store (the hot path, hand-written SQL) and the
 * Kysely handle for everything else, on the store's own connection. Migrated when opened. Closing
 * it closes the store, which owns the connection.
 */
export type Database =
  | { dialect: 'sqlite'; store: SqliteStore; db: Db; close(): Promise<void> }
  | { dialect: 'postgres'; store: PostgresStore; db: Db; close(): Promise<void> };

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.url) {
    // Loaded only when used, so an embedded installation never loads pg.
    const { createPostgresStore } = await import('../store/postgres/index.ts');
    const store = await createPostgresStore({
      connectionString: options.url,
      ...(options.schema !== undefined && { schema: options.schema }),
      ...(options.poolSize !== undefined && { poolSize: options.poolSize }),
      ...(options.applicationName !== undefined && { applicationName: options.applicationName }),
      ...(options.onConnectionError !== undefined && { onConnectionError: options.onConnectionError }),
    });
    return { dialect: 'postgres', store, db: postgresDb(store.pool), close: () => store.close() };
  }
  if (!options.sqlitePath) throw new InternalError('openDatabase needs a PostgreSQL url or a SQLite path');
  const store = new SqliteStore({ path: options.sqlitePath, durability: options.durability });
  try {
    await store.migrate();
  } catch (err) {
    await store.close();
    throw err;
  }
  return { dialect: 'sqlite', store, db: sqliteDb(store.db, store.gate), close: () => store.close() };
}

/** The one database: the engine's store and the Kysely handle on its connection, opened together. */
export { openDatabase, type Database, type DatabaseOptions } from './open-database.ts';
export type { Db, DbExecutor, DbTransaction, SqlDialect } from './database.ts';
export type * from './tables.ts';

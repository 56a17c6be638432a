/**
 * The Kysely handle for ordinary data (business data, approvals, audit, auth, notifications): ONE
 * Kysely instance over the connection the engine's store already owns, so all of PsiZero lives in
 * one database (one SQLite file, or one PostgreSQL schema) and each repository is written once for
 * both dialects.
 *
 * - SQLite: Kysely's SQLite driver on the very better-sqlite3 Database object of the SqliteStore.
 *   Its transactions begin IMMEDIATE and hold the store's connection gate from BEGIN to the end, so
 *   the engine never writes inside one, and code may roll one back on purpose (connection-gate.ts).
 * - PostgreSQL: Kysely's PostgresDialect over the PostgresStore's pg Pool (its search_path and bigint
 *   parsing included); a transaction that meets a deadlock or a serialisation failure is rerun whole.
 *
 * The store owns the connection: nothing here ever calls `Kysely.destroy()`, which would close the
 * SQLite database or end the pool under the engine.
 */
import type BetterSqlite3 from 'better-sqlite3';
import {
  CompiledQuery,
  Kysely,
  PostgresDialect,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type Driver,
  type SqliteDatabase,
  type SqliteStatement,
  type Transaction,
} from 'kysely';
import type pg from 'pg';
import { withTransientRetry } from '../store/postgres/transient.ts';
import type { ConnectionGate } from '../store/sqlite/index.ts';
import type { Tables } from './tables.ts';

export type SqlDialect = 'sqlite' | 'postgres';
export type DbTransaction = Transaction<Tables>;
/** Anything queries can run on: the database or an open transaction. */
export type DbExecutor = Kysely<Tables>;

export interface Db {
  readonly dialect: SqlDialect;
  readonly kysely: Kysely<Tables>;
  /** Runs `fn` in one transaction; PostgreSQL deadlocks and serialisation failures are retried whole. */
  transaction<T>(fn: (trx: DbTransaction) => Promise<T>): Promise<T>;
}

/**
 * Kysely's SQLite driver prepares every statement on every execution. Bulk upserts repeat the same
 * few statement texts thousands of times, so statements are kept in a small LRU. Safe because the
 * driver only calls `all`/`run`, which finish synchronously (nothing here streams with `iterate`,
 * which would hold a statement busy).
 */
class CachingSqliteDatabase implements SqliteDatabase {
  private readonly statements = new Map<string, BetterSqlite3.Statement>();

  constructor(
    private readonly database: BetterSqlite3.Database,
    private readonly capacity = 256,
  ) {}

  prepare(sql: string): SqliteStatement {
    const cached = this.statements.get(sql);
    if (cached) {
      this.statements.delete(sql);
      this.statements.set(sql, cached);
      return cached;
    }
    const stmt = this.database.prepare(sql);
    this.statements.set(sql, stmt);
    if (this.statements.size > this.capacity) {
      const oldest = this.statements.keys().next();
      if (!oldest.done) this.statements.delete(oldest.value);
    }
    return stmt;
  }

  close(): void {
    // The SqliteStore owns the connection and closes it; Kysely must not.
  }
}

/**
 * Kysely's SQLite driver with two changes to its transactions:
 * - BEGIN IMMEDIATE instead of a deferred BEGIN. Under WAL, a deferred transaction that read before
 *   writing fails at once with SQLITE_BUSY when another process committed in between (the busy
 *   timeout cannot help); taking the write lock up front makes it wait instead.
 * - The connection gate is held from BEGIN until the transaction has ended, so the engine's store
 *   waits with its writes instead of writing inside this transaction.
 */
class GatedSqliteDriver extends SqliteDriver {
  constructor(
    private readonly database: BetterSqlite3.Database,
    private readonly gate: ConnectionGate,
  ) {
    super({ database: new CachingSqliteDatabase(database) });
  }

  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await this.gate.acquire();
    try {
      await connection.executeQuery(CompiledQuery.raw('begin immediate'));
    } catch (err) {
      this.gate.release();
      throw err;
    }
  }

  override async commitTransaction(connection: DatabaseConnection): Promise<void> {
    try {
      await super.commitTransaction(connection);
    } finally {
      // A failed COMMIT can leave the transaction open; Kysely then rolls back, which releases.
      if (!this.database.inTransaction) this.gate.release();
    }
  }

  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    try {
      await super.rollbackTransaction(connection);
    } finally {
      if (!this.database.inTransaction) this.gate.release();
    }
  }
}

class GatedSqliteDialect extends SqliteDialect {
  constructor(
    private readonly database: BetterSqlite3.Database,
    private readonly gate: ConnectionGate,
  ) {
    super({ database });
  }

  override createDriver(): Driver {
    return new GatedSqliteDriver(this.database, this.gate);
  }
}

/** The handle on a SqliteStore's connection; create one per connection (Kysely serialises on it). */
export function sqliteDb(database: BetterSqlite3.Database, gate: ConnectionGate): Db {
  const kysely = new Kysely<Tables>({ dialect: new GatedSqliteDialect(database, gate) });
  return { dialect: 'sqlite', kysely, transaction: (fn) => kysely.transaction().execute(fn) };
}

/** The handle on a PostgresStore's pool. */
export function postgresDb(pool: pg.Pool): Db {
  const kysely = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
  return {
    dialect: 'postgres',
    kysely,
    transaction: (fn) => withTransientRetry(() => kysely.transaction().execute(fn)),
  };
}

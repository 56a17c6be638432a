/**
 * The domain's database handle: ONE Kysely instance over the connection the engine's store already
 * owns, so business data and workflow state live in one database (one SQLite file, or one
 * PostgreSQL schema) and one repository implementation serves both adapters.
 *
 * - SQLite: Kysely's SqliteDialect on the very better-sqlite3 Database object of the SqliteStore.
 * - PostgreSQL: Kysely's PostgresDialect over the PostgresStore's pg Pool (its search_path included).
 *
 * The store owns the connection: nothing here ever calls `Kysely.destroy()`, which would close the
 * SQLite database or end the pool under the engine.
 *
 * SQLite and the shared connection. A domain transaction awaits nothing but its own queries, and
 * better-sqlite3 is synchronous, so BEGIN … COMMIT is one chain of microtasks. The engine's group
 * commit runs in a macrotask (setImmediate), so it can never land inside a domain transaction.
 * Synchronous writes by other code that happen to run in a microtask of that window would share
 * it: harmless when it commits, which is why domain code never rolls back on purpose (rejections
 * are decided before the first write, see ingestion/stripe-webhooks.ts); only an unexpected SQL
 * error rolls back. Validation happens before the transaction, publishing after it.
 */
import type BetterSqlite3 from 'better-sqlite3';
import {
  Kysely,
  PostgresDialect,
  SqliteDialect,
  type SqliteDatabase,
  type SqliteStatement,
  type Transaction,
} from 'kysely';
import type pg from 'pg';
import type { PostgresStore } from '../store/postgres/index.ts';
import { SqliteStore } from '../store/sqlite/index.ts';
import type { Store } from '../store/types.ts';
import type { DomainTables } from './tables.ts';
import { InternalError } from '../lib/errors.ts';

export type DomainDialect = 'sqlite' | 'postgres';
export type DomainTransaction = Transaction<DomainTables>;
/** Anything queries can run on: the database or an open transaction. */
export type DomainExecutor = Kysely<DomainTables>;

export type RawConnection = { kind: 'sqlite'; database: BetterSqlite3.Database } | { kind: 'postgres'; pool: pg.Pool };

export interface DomainDb {
  readonly dialect: DomainDialect;
  readonly db: Kysely<DomainTables>;
  /** The underlying connection, for migrations (multi-statement scripts). */
  readonly raw: RawConnection;
  /** Runs `fn` in one transaction; PostgreSQL deadlocks and serialisation failures are retried whole. */
  transaction<T>(fn: (trx: DomainTransaction) => Promise<T>): Promise<T>;
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

  prepare(text: string): SqliteStatement {
    // Kysely opens transactions with a deferred BEGIN. Under WAL, a deferred transaction that read
    // before writing fails at once with SQLITE_BUSY when another process committed in between
    // (the busy timeout cannot help); taking the write lock up front makes it wait instead.
    const sql = text === 'begin' ? 'begin immediate' : text;
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

// One instance per connection: Kysely's SQLite driver serialises through a per-instance mutex, so
// two instances on one Database could interleave their BEGINs.
const sqliteHandles = new WeakMap<BetterSqlite3.Database, DomainDb>();
const postgresHandles = new WeakMap<pg.Pool, DomainDb>();

export function sqliteDomainDb(database: BetterSqlite3.Database): DomainDb {
  let handle = sqliteHandles.get(database);
  if (!handle) {
    const db = new Kysely<DomainTables>({
      dialect: new SqliteDialect({ database: new CachingSqliteDatabase(database) }),
    });
    handle = {
      dialect: 'sqlite',
      db,
      raw: { kind: 'sqlite', database },
      transaction: (fn) => db.transaction().execute(fn),
    };
    sqliteHandles.set(database, handle);
  }
  return handle;
}

export function postgresDomainDb(pool: pg.Pool): DomainDb {
  let handle = postgresHandles.get(pool);
  if (!handle) {
    const db = new Kysely<DomainTables>({ dialect: new PostgresDialect({ pool }) });
    handle = {
      dialect: 'postgres',
      db,
      raw: { kind: 'postgres', pool },
      transaction: (fn) => withTransientRetry(() => db.transaction().execute(fn)),
    };
    postgresHandles.set(pool, handle);
  }
  return handle;
}

/** The domain handle on the connection of an engine store (SQLite file or PostgreSQL pool). */
export function domainDbForStore(store: Store): DomainDb {
  if (store instanceof SqliteStore) return sqliteDomainDb(store.db);
  if (store.kind === 'postgres' && 'pool' in store) return postgresDomainDb((store as PostgresStore).pool);
  throw new InternalError(`no domain database for a ${store.kind} store without a connection to share`);
}

/** Deadlock or serialisation failure: PostgreSQL rolled the transaction back whole, so rerunning it is safe. */
function isTransient(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '40P01' || code === '40001';
}

async function withTransientRetry<T>(fn: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (attempt >= attempts || !isTransient(err)) throw err;
      await new Promise((resolve) => setTimeout(resolve, attempt * 5 + Math.random() * 10));
    }
  }
}

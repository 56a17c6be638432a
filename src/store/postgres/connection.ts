import pg from 'pg';
import { InternalError } from '../../lib/errors.ts';
import { withTransientRetry } from './transient.ts';

export interface PostgresStoreOptions {
  /** postgres://user:password@host:port/database */
  connectionString: string;
  /**
   * Schema holding PsiZero's tables; created if missing and put on every connection's search_path.
   * Lets several installations (or test files) share one database without seeing each other.
   */
  schema?: string;
  /** Most connections in the pool (default 10); LISTEN uses one more, outside the pool. */
  poolSize?: number;
  /**
   * Shown in pg_stat_activity.application_name (default 'psizero'), so that an operator (or the
   * benchmark) can tell this installation's connections from others' on a shared server.
   */
  applicationName?: string;
  /**
   * Told about connection errors that no call is waiting for: an idle pooled connection or the
   * wake-up listener lost its server (a restart). They are replaced on the next use; the default
   * ignores them because every call that needs the database still rejects with its own error.
   */
  onConnectionError?: (err: Error) => void;
}

/** Names built into SQL text and into the startup `options`, so only plain identifiers are allowed. */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,47}$/;

export function checkSchemaName(schema: string): string {
  if (!SCHEMA_NAME.test(schema)) {
    throw new InternalError(
      `invalid PostgreSQL schema name '${schema}': use lower-case letters, digits and _ (at most 48)`,
    );
  }
  return schema;
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * bigint columns (times in ms, event seq, counts) are read as numbers: they stay far below 2^53.
 * Set per pool, not through pg's global type registry, so importing this module changes nothing else.
 */
const parseInt8 = (value: string): number => Number(value);
const typeParsers: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary'): unknown =>
    oid === 20 && format !== 'binary'
      ? parseInt8
      : (pg.types.getTypeParser(oid, format) as unknown)) as pg.CustomTypesConfig['getTypeParser'],
};

/** Connection settings shared by the pool and the dedicated LISTEN connection. */
export function clientConfig(options: PostgresStoreOptions): pg.ClientConfig {
  return {
    connectionString: options.connectionString,
    // search_path travels in the startup packet: no extra round trip per connection, and a
    // connection replaced after a server restart gets it too.
    ...(options.schema ? { options: `-c search_path=${checkSchemaName(options.schema)}` } : {}),
    types: typeParsers,
    keepAlive: true,
    connectionTimeoutMillis: 10_000,
    application_name: options.applicationName ?? 'psizero',
  };
}

export function createPool(options: PostgresStoreOptions): pg.Pool {
  const pool = new pg.Pool({ ...clientConfig(options), max: options.poolSize ?? 10, idleTimeoutMillis: 30_000 });
  // Without a listener an idle connection dropped by a server restart would crash the process with
  // an unhandled 'error' event; pg-pool discards that connection and opens a new one when needed.
  pool.on('error', (err) => options.onConnectionError?.(err));
  return pool;
}

/** Wake-up channel: per schema, because NOTIFY channels are database-wide. */
export function wakeChannel(schema: string | undefined): string {
  return schema ? `psizero_wake_${schema}` : 'psizero_wake';
}

/**
 * Advisory lock keys (64-bit, database-wide) derived from the schema and a purpose, so stores in
 * different schemas of one database never contend. FNV-1a: stable across processes and versions.
 */
export function lockKey(schema: string | undefined, purpose: string): string {
  let h = 0xcbf29ce484222325n;
  for (const byte of Buffer.from(`psizero\0${schema ?? ''}\0${purpose}`, 'utf8')) {
    h ^= BigInt(byte);
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return BigInt.asIntN(64, h).toString();
}

/**
 * Runs `fn` in one transaction on one pooled connection. A connection that failed (server restart,
 * network) is destroyed instead of returned to the pool, so later calls get a fresh one. A deadlock
 * between concurrent transactions is retried a few times: it aborted everything it had done.
 */
export function inTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  return withTransientRetry(() => transactionOnce(pool, fn));
}

async function transactionOnce<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  // A checked-out client has no 'error' listener of the pool's; without ours a dropped connection
  // would be an unhandled 'error' event. The failed query itself rejects with the real cause.
  let broken: Error | undefined;
  const onError = (err: Error): void => {
    broken = err;
  };
  client.on('error', onError);
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    if (!broken) {
      await client.query('ROLLBACK').catch((rollbackErr: unknown) => {
        broken = rollbackErr instanceof Error ? rollbackErr : new Error(String(rollbackErr));
      });
    }
    throw err;
  } finally {
    client.off('error', onError);
    client.release(broken ?? false);
  }
}

/**
 * Databases for tests, each a store and the Kysely handle on its connection (src/db), migrated:
 * SQLite always (a real file, WAL needs one, in a private temp directory), PostgreSQL when
 * PSIZERO_TEST_PG_URL is set (a fresh schema per database, dropped on close).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Database } from '../../src/db/index.ts';
import { pgTestUrl } from './pg-cluster.ts';

export interface DatabaseFactory {
  name: 'sqlite' | 'postgres';
  /** A fresh, isolated, migrated database. */
  create(): Promise<Database>;
}

export interface FactoryOptions {
  /** SQLite durability; 'normal' for tests that write a lot and never cut the power. */
  durability?: 'full' | 'normal';
}

export function sqliteFactoryWith(options: FactoryOptions = {}): DatabaseFactory {
  return {
    name: 'sqlite',
    create: () =>
      openDatabase({
        sqlitePath: join(mkdtempSync(join(tmpdir(), 'psizero-test-')), 'test.db'),
        durability: options.durability,
      }),
  };
}

export const sqliteFactory = sqliteFactoryWith();

let schemaCounter = 0;

/**
 * PostgreSQL with a new schema per database, so test files running in parallel and tests within a
 * file never see each other's rows; closing the database drops its schema.
 */
export function postgresFactory(connectionString: string): DatabaseFactory {
  return {
    name: 'postgres',
    async create() {
      const schema = `psz_t_${process.pid}_${++schemaCounter}_${randomBytes(3).toString('hex')}`;
      const database = await openDatabase({ url: connectionString, schema, poolSize: 4 });
      if (database.dialect !== 'postgres') throw new Error('expected a PostgreSQL database');
      // On the store itself, so tests that close the store (or the app) drop the schema too.
      const { store } = database;
      const close = store.close.bind(store);
      store.close = async () => {
        try {
          await store.pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        } finally {
          await close();
        }
      };
      return database;
    },
  };
}

/**
 * Vitest runs each test file in its own worker process, so a module flag alone would print the
 * notice once per file; a marker named after the vitest process makes it once per test run.
 */
function noticeOnce(message: string): void {
  try {
    writeFileSync(join(tmpdir(), `psizero-pg-skip-notice-${process.ppid}`), '', { flag: 'wx' });
  } catch {
    return;
  }
  console.warn(message);
}

/** Every dialect the conformance suite runs against. */
export function databaseFactories(options: FactoryOptions = {}): DatabaseFactory[] {
  const url = pgTestUrl();
  if (url) return [sqliteFactoryWith(options), postgresFactory(url)];
  noticeOnce('PostgreSQL tests skipped: set PSIZERO_TEST_PG_URL=postgres://... (see README) to run them');
  return [sqliteFactoryWith(options)];
}

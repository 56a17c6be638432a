import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPostgresStore } from '../../src/store/postgres/index.ts';
import { SqliteStore } from '../../src/store/sqlite/index.ts';
import type { Store } from '../../src/store/types.ts';
import { pgTestUrl } from './pg-cluster.ts';

export interface StoreFactory {
  name: 'sqlite' | 'postgres';
  /** A fresh, isolated, migrated store. */
  create(): Promise<Store>;
}

/** SQLite on a real file (WAL needs one) in a private temp directory. */
export const sqliteFactory: StoreFactory = {
  name: 'sqlite',
  async create() {
    const dir = mkdtempSync(join(tmpdir(), 'psizero-test-'));
    return new SqliteStore({ path: join(dir, 'test.db') });
  },
};

let schemaCounter = 0;

/**
 * PostgreSQL with a new schema per store, so test files running in parallel and tests within a
 * file never see each other's rows; closing the store drops its schema.
 */
export function postgresFactory(connectionString: string): StoreFactory {
  return {
    name: 'postgres',
    async create() {
      const schema = `psz_t_${process.pid}_${++schemaCounter}_${randomBytes(3).toString('hex')}`;
      const store = await createPostgresStore({ connectionString, schema, poolSize: 4 });
      const close = store.close.bind(store);
      store.close = async () => {
        try {
          await store.pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        } finally {
          await close();
        }
      };
      return store;
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

/** Every store adapter the conformance suite runs against. */
export function storeFactories(): StoreFactory[] {
  const url = pgTestUrl();
  if (url) return [sqliteFactory, postgresFactory(url)];
  noticeOnce('PostgreSQL tests skipped: set PSIZERO_TEST_PG_URL=postgres://... (see README) to run them');
  return [sqliteFactory];
}

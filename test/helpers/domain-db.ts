/**
 * Domain databases for tests: SQLite always (a real file, WAL, through the engine's SqliteStore so
 * the domain shares its connection as in production), PostgreSQL when PSIZERO_TEST_PG_URL is set
 * (a pg Pool of our own on a fresh schema per database, dropped on close). Kept apart from
 * stores.ts, which belongs to the engine's conformance suite.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { postgresDomainDb, sqliteDomainDb, type DomainDb } from '../../src/domain/index.ts';
import type { DomainEventSink } from '../../src/domain/index.ts';
import { SqliteStore } from '../../src/store/sqlite/index.ts';
import { pgTestUrl } from './pg-cluster.ts';

export interface TestDomainDb {
  ddb: DomainDb;
  /** The engine store sharing the connection (SQLite only). */
  store: SqliteStore | null;
  close(): Promise<void>;
}

export interface DomainDbFactory {
  name: 'sqlite' | 'postgres';
  create(): Promise<TestDomainDb>;
}

export const sqliteDomainFactory: DomainDbFactory = {
  name: 'sqlite',
  async create() {
    const dir = mkdtempSync(join(tmpdir(), 'psizero-domain-'));
    const store = new SqliteStore({ path: join(dir, 'test.db'), durability: 'normal' });
    return { ddb: sqliteDomainDb(store.db), store, close: () => store.close() };
  },
};

let counter = 0;

export function postgresDomainFactory(url: string): DomainDbFactory {
  return {
    name: 'postgres',
    async create() {
      const schema = `psz_dom_${process.pid}_${++counter}_${randomBytes(3).toString('hex')}`;
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query(`CREATE SCHEMA "${schema}"`);
      await admin.end();
      const pool = new pg.Pool({
        connectionString: url,
        options: `-c search_path=${schema}`,
        max: 4,
        // bigint as number, as the PostgresStore's pool does.
        types: {
          getTypeParser: ((oid: number, format?: 'text' | 'binary'): unknown =>
            oid === 20
              ? Number
              : (pg.types.getTypeParser(oid, format) as unknown)) as pg.CustomTypesConfig['getTypeParser'],
        },
      });
      pool.on('error', () => undefined);
      return {
        ddb: postgresDomainDb(pool),
        store: null,
        async close() {
          try {
            await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
          } finally {
            await pool.end();
          }
        },
      };
    },
  };
}

let noticeShown = false;

export function domainDbFactories(): DomainDbFactory[] {
  const url = pgTestUrl();
  if (url) return [sqliteDomainFactory, postgresDomainFactory(url)];
  if (!noticeShown) {
    noticeShown = true;
    console.warn('PostgreSQL domain tests skipped: set PSIZERO_TEST_PG_URL=postgres://... to run them');
  }
  return [sqliteDomainFactory];
}

/** Collects published events like the engine would: a repeated id is a no-op. */
export class RecordingSink implements DomainEventSink {
  readonly events: { id: string; topic: string; payload: unknown }[] = [];
  private readonly ids = new Set<string>();
  publishCalls = 0;

  async publish(topic: string, payload: unknown, options: { id: string }): Promise<void> {
    this.publishCalls++;
    if (this.ids.has(options.id)) return;
    this.ids.add(options.id);
    this.events.push({ id: options.id, topic, payload });
  }

  topics(): string[] {
    return this.events.map((e) => e.topic);
  }
}

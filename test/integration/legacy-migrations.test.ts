/**
 * Upgrading a database created with the layout before the migration sequences were joined: the
 * store's 0001-0004 recorded in `schema_migrations` and the business data's 0001-0002 in
 * `domain_migrations`, applied by their own runners (the files as they were, in
 * test/fixtures/legacy-migrations). Every table gets rows, then the current code opens the
 * database: every row must survive, the tracking table must hold the six migrations with their
 * original times, and the database must work. On SQLite and PostgreSQL, with several openers at once.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { createRepositories } from '../../src/app/repositories.ts';
import { openDatabase, type Database, type DatabaseOptions } from '../../src/db/index.ts';
import { openDomain } from '../../src/domain/index.ts';
import { customerInput } from '../helpers/domain-fixtures.ts';
import { pgTestUrl } from '../helpers/pg-cluster.ts';
import { RecordingSink } from '../helpers/recording-sink.ts';

type Row = Record<string, unknown>;

/** A plain connection, apart from PsiZero's code, to set the database up and read it back. */
interface RawConnection {
  exec(script: string): Promise<void>;
  /** `?` placeholders. */
  query(sql: string, params?: unknown[]): Promise<Row[]>;
  tables(): Promise<string[]>;
  /** Columns a row can be inserted into (PostgreSQL identity columns left out), with a value kind. */
  columns(table: string): Promise<{ name: string; kind: 'int' | 'real' | 'text' }[]>;
  close(): Promise<void>;
}

interface Target {
  dialect: 'sqlite' | 'postgres';
  options: DatabaseOptions;
  connect(): Promise<RawConnection>;
  drop(): Promise<void>;
}

function kindOf(type: string): 'int' | 'real' | 'text' {
  if (/int/i.test(type)) return 'int';
  if (/real|double|float|numeric/i.test(type)) return 'real';
  return 'text';
}

function sqliteTarget(): Target {
  const path = join(mkdtempSync(join(tmpdir(), 'psizero-legacy-')), 'legacy.db');
  return {
    dialect: 'sqlite',
    options: { sqlitePath: path },
    async connect() {
      const db = new BetterSqlite3(path);
      db.pragma('journal_mode = WAL');
      return {
        async exec(script) {
          db.exec(script);
        },
        async query(sql, params = []) {
          const statement = db.prepare(sql);
          if (statement.reader) return statement.all(...params) as Row[];
          statement.run(...params);
          return [];
        },
        async tables() {
          return (
            db
              .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
              .all() as { name: string }[]
          ).map((r) => r.name);
        },
        async columns(table) {
          return (db.pragma(`table_info(${table})`) as { name: string; type: string }[]).map((c) => ({
            name: c.name,
            kind: kindOf(c.type),
          }));
        },
        async close() {
          db.close();
        },
      };
    },
    async drop() {},
  };
}

function postgresTarget(url: string): Target {
  const schema = `psz_legacy_${process.pid}_${randomBytes(3).toString('hex')}`;
  const client = (): pg.Client => new pg.Client({ connectionString: url, options: `-c search_path=${schema}` });
  return {
    dialect: 'postgres',
    options: { url, schema, poolSize: 2 },
    async connect() {
      const c = client();
      await c.connect();
      await c.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
      return {
        async exec(script) {
          await c.query(script);
        },
        async query(sql, params = []) {
          let n = 0;
          return (
            await c.query(
              sql.replace(/\?/g, () => `$${++n}`),
              params,
            )
          ).rows as Row[];
        },
        async tables() {
          const { rows } = await c.query<{ table_name: string }>(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1",
          );
          return rows.map((r) => r.table_name);
        },
        async columns(table) {
          const { rows } = await c.query<{ column_name: string; data_type: string }>(
            `SELECT column_name, data_type FROM information_schema.columns
             WHERE table_schema = current_schema() AND table_name = $1 AND is_identity = 'NO' ORDER BY ordinal_position`,
            [table],
          );
          return rows.map((r) => ({ name: r.column_name, kind: kindOf(r.data_type) }));
        },
        async close() {
          await c.end();
        },
      };
    },
    async drop() {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await c.end();
    },
  };
}

const fixtures = join(import.meta.dirname, '../fixtures/legacy-migrations');
const STORE_APPLIED_AT = 1_700_000_000_000;
const DOMAIN_APPLIED_AT = 1_710_000_000_000;
const TRACKING = ['schema_migrations', 'domain_migrations'];
/** Tables the migrations after the old layout create, in the order the dump lists them (by name). */
const ADDED_TABLES = [
  'briefing_ratings',
  'briefings',
  'customer_outbox',
  'demo_company',
  'demo_passwords',
  'follow_ups',
  'gateway_charges',
  'sign_in_links',
  'sign_in_throttle',
];

/** The two old runners: the store's files into schema_migrations, the business data's into domain_migrations. */
async function applyLegacyLayout(raw: RawConnection, dialect: Target['dialect']): Promise<void> {
  const apply = async (folder: string, table: string, appliedAt: number): Promise<void> => {
    const dir = join(fixtures, dialect, folder);
    for (const file of readdirSync(dir).sort()) {
      await raw.exec(readFileSync(join(dir, file), 'utf8'));
      const version = Number(file.slice(0, 4));
      await raw.query(`INSERT INTO ${table} (version, name, applied_at) VALUES (?, ?, ?)`, [
        version,
        file.replace(/\.sql$/, ''),
        appliedAt + version,
      ]);
    }
  };
  await raw.exec(
    `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at ${dialect === 'sqlite' ? 'INTEGER' : 'BIGINT'} NOT NULL)`,
  );
  await apply('store', 'schema_migrations', STORE_APPLIED_AT);
  await raw.exec(
    'CREATE TABLE IF NOT EXISTS domain_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)',
  );
  await apply('domain', 'domain_migrations', DOMAIN_APPLIED_AT);
}

/**
 * Two rows in every table that has none yet, whatever the table: values by column type, distinct
 * per row, text as JSON strings so columns that hold JSON still parse.
 */
async function fillEveryTable(raw: RawConnection): Promise<void> {
  for (const table of await raw.tables()) {
    if (TRACKING.includes(table)) continue;
    const [{ n }] = (await raw.query(`SELECT count(*) AS n FROM ${table}`)) as [{ n: unknown }];
    if (Number(n) > 0) continue;
    const columns = await raw.columns(table);
    for (const row of [1, 2]) {
      const values = columns.map((c, i) =>
        c.kind === 'int' ? row * 100 + i : c.kind === 'real' ? row + 0.25 : JSON.stringify(`${table}.${c.name}#${row}`),
      );
      await raw.query(
        `INSERT INTO ${table} (${columns.map((c) => c.name).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
        values,
      );
    }
  }
}

async function dumpEveryTable(raw: RawConnection): Promise<Record<string, Row[]>> {
  const out: Record<string, Row[]> = {};
  for (const table of await raw.tables()) {
    if (TRACKING.includes(table)) continue;
    const columns = await raw.columns(table);
    out[table] = await raw.query(`SELECT * FROM ${table} ORDER BY ${columns.map((_, i) => i + 1).join(', ')}`);
  }
  return out;
}

/** The dump of the tables and columns `before` has, from a dump taken after migrating. */
function asBefore(after: Record<string, Row[]>, before: Record<string, Row[]>): Record<string, Row[]> {
  return Object.fromEntries(
    Object.entries(before).map(([table, rows]) => {
      const columns = Object.keys(rows[0]!);
      return [table, (after[table] ?? []).map((row) => Object.fromEntries(columns.map((c) => [c, row[c]])))];
    }),
  );
}

const targets = (): (() => Target)[] => {
  const url = pgTestUrl();
  return url ? [sqliteTarget, () => postgresTarget(url)] : [sqliteTarget];
};

describe.each(targets().map((make) => ({ make, name: make().dialect })))(
  'a database of the old migration layout on $name',
  ({ make }) => {
    const cleanups: (() => Promise<void>)[] = [];
    afterEach(async () => {
      for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    });

    it('migrates forward without losing a row, once however many processes open it at once', async () => {
      const target = make();
      cleanups.push(() => target.drop());
      const raw = await target.connect();
      cleanups.push(() => raw.close());
      await applyLegacyLayout(raw, target.dialect);
      await fillEveryTable(raw);
      const before = await dumpEveryTable(raw);
      const tables = Object.keys(before);
      for (const table of ['runs', 'history', 'events', 'approvals', 'audit_log', 'api_keys', 'sessions'])
        expect(tables).toContain(table);
      for (const table of ['notifications', 'customers', 'invoices', 'payment_attempts', 'recovery_cases'])
        expect(tables).toContain(table);
      for (const table of tables) expect(before[table]!.length, table).toBeGreaterThan(0);

      const opened: Database[] = await Promise.all([1, 2, 3].map(() => openDatabase(target.options)));
      for (const database of opened) cleanups.push(() => database.close());

      const after = await dumpEveryTable(raw);
      expect(asBefore(after, before)).toEqual(before);
      // What later migrations add starts empty: new tables without rows, new columns null in every old row.
      expect(Object.keys(after).filter((table) => !tables.includes(table))).toEqual(ADDED_TABLES);
      for (const table of ADDED_TABLES) expect(after[table], table).toEqual([]);
      for (const table of tables)
        for (const row of after[table]!)
          for (const [column, value] of Object.entries(row))
            if (!(column in before[table]![0]!)) expect(value, `${table}.${column}`).toBeNull();
      expect(await raw.tables()).not.toContain('domain_migrations');
      const tracked = await raw.query('SELECT version, name, applied_at FROM schema_migrations ORDER BY version');
      expect(tracked.map((r) => [Number(r.version), r.name, Number(r.applied_at)])).toEqual([
        [1, '0001_engine', STORE_APPLIED_AT + 1],
        [2, '0002_audit_approvals', STORE_APPLIED_AT + 2],
        [3, '0003_auth', STORE_APPLIED_AT + 3],
        [4, '0004_notifications', STORE_APPLIED_AT + 4],
        [5, '0005_domain', DOMAIN_APPLIED_AT + 1],
        [6, '0006_billing', DOMAIN_APPLIED_AT + 2],
        [7, '0007_approval_recommendations', expect.any(Number)],
        [8, '0008_messages_customer_outbox', expect.any(Number)],
        [9, '0009_sign_in', expect.any(Number)],
        [10, '0010_demo_company', expect.any(Number)],
        [11, '0011_notification_settling', expect.any(Number)],
        [12, '0012_recovery_decisions', expect.any(Number)],
        [13, '0013_briefing_reports', expect.any(Number)],
        [14, '0014_follow_ups', expect.any(Number)],
      ]);

      // The upgraded database works: the engine, the repositories and the business data.
      const { store, db } = opened[0]!;
      await store.migrate();
      expect(Number((await raw.query('SELECT count(*) AS n FROM schema_migrations'))[0]!.n)).toBe(14);
      const [created] = await store.apply(
        [
          {
            kind: 'create',
            runs: [
              {
                id: 'run_after_upgrade',
                workflow: 'w',
                version: 1,
                input: { n: 1 },
                idempotencyKey: null,
                parentId: null,
                createdAt: 1,
                runnableAt: 1,
              },
            ],
          },
        ],
        1,
      );
      expect(created).toEqual({ ok: true, runs: [{ id: 'run_after_upgrade', created: true }] });
      const { auth } = createRepositories(db);
      const key = {
        id: 'k_after',
        name: 'after',
        role: 'viewer',
        personId: null,
        hash: 'h',
        createdAt: 1,
        revokedAt: null,
      };
      await auth.createKey(key);
      expect(await auth.getKey('k_after')).toEqual(key);
      const sink = new RecordingSink();
      const domain = await openDomain({ db, events: sink });
      // The outbox rows the old version left are relayed by the new one.
      expect(sink.events.map((e) => e.id)).toEqual(['"domain_outbox.event_id#1"', '"domain_outbox.event_id#2"']);
      await domain.ingest.ingest('customers', [customerInput({ id: 'cus_after_upgrade' })]);
      expect(await domain.queries.getCustomer('cus_after_upgrade')).toMatchObject({ id: 'cus_after_upgrade' });
    });

    it('refuses a business-data migration it has no counterpart for, and changes nothing', async () => {
      const target = make();
      cleanups.push(() => target.drop());
      const raw = await target.connect();
      cleanups.push(() => raw.close());
      await applyLegacyLayout(raw, target.dialect);
      await raw.query('INSERT INTO domain_migrations (version, name, applied_at) VALUES (?, ?, ?)', [
        3,
        '0003_future',
        1,
      ]);
      await expect(openDatabase(target.options)).rejects.toThrow(/domain migration 0003_future has no counterpart/);
      expect(await raw.tables()).toContain('domain_migrations');
      expect(
        (await raw.query('SELECT version FROM schema_migrations ORDER BY version')).map((r) => Number(r.version)),
      ).toEqual([1, 2, 3, 4]);
    });
  },
);

/**
 * The one migration runner: one numbered sequence of plain SQL files per dialect
 * (`migrations/sqlite`, `migrations/postgres`: the engine's tables, then audit and approvals, auth,
 * notifications, business data and billing), recorded in one table, `schema_migrations`. Plain SQL
 * rather than a schema builder because the dialects deserve different physical choices (SQLite
 * STRICT and WITHOUT ROWID tables, PostgreSQL bigint and collations) and a reviewer reads exactly
 * what runs.
 *
 * Each adapter calls `runMigrations` inside one transaction that holds its migration lock
 * (sqlite/migrate.ts, postgres/migrate.ts), so a failure leaves nothing half done and concurrent
 * processes apply each file once.
 *
 * Databases created before the sequences were joined kept the business tables' versions apart, in
 * `domain_migrations` (1 = domain, 2 = billing). Their rows move into `schema_migrations` under the
 * numbers the same files have now, in the same transaction that drops the old table, so such a
 * database continues from where it stood without running anything twice.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { InternalError } from '../lib/errors.ts';

export type MigrationDialect = 'sqlite' | 'postgres';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** What the runner needs of a connection, inside the transaction that holds the migration lock. */
export interface MigrationSession {
  readonly dialect: MigrationDialect;
  /** Runs a script of one or more statements without parameters. */
  exec(script: string): Promise<void>;
  /** Runs one statement with `?` placeholders and returns its rows. */
  query<R>(text: string, params?: readonly unknown[]): Promise<R[]>;
}

/** Numbered files `0001_name.sql`, in order. */
export function loadMigrations(dialect: MigrationDialect): Migration[] {
  const dir = fileURLToPath(new URL(`./migrations/${dialect}/`, import.meta.url));
  return readdirSync(dir)
    .filter((f) => /^\d{4}_.+\.sql$/.test(f))
    .sort()
    .map((file) => ({
      version: Number(file.slice(0, 4)),
      name: file.replace(/\.sql$/, ''),
      sql: readFileSync(`${dir}/${file}`, 'utf8'),
    }));
}

const TRACKING_TABLE =
  'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)';

/** Business-data migration n of the old layout is migration n + 4 now (0001_domain became 0005_domain). */
const LEGACY_DOMAIN_OFFSET = 4;

const LEGACY_TABLE_EXISTS: Record<MigrationDialect, string> = {
  sqlite: "SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = 'domain_migrations'",
  postgres:
    "SELECT count(*) AS n FROM pg_tables WHERE schemaname = current_schema() AND tablename = 'domain_migrations'",
};

/** Applies the pending migrations; returns how many ran. Call inside a transaction holding the migration lock. */
export async function runMigrations(session: MigrationSession, now: () => number = Date.now): Promise<number> {
  const migrations = loadMigrations(session.dialect);
  await session.exec(TRACKING_TABLE);
  await adoptLegacyDomainMigrations(session, migrations);
  const rows = await session.query<{ version: number }>('SELECT version FROM schema_migrations');
  const applied = new Set(rows.map((r) => Number(r.version)));
  let count = 0;
  for (const m of migrations) {
    if (applied.has(m.version)) continue;
    await session.exec(m.sql);
    await session.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [
      m.version,
      m.name,
      now(),
    ]);
    count++;
  }
  return count;
}

interface LegacyRow {
  version: number;
  name: string;
  applied_at: number;
}

async function adoptLegacyDomainMigrations(session: MigrationSession, migrations: Migration[]): Promise<void> {
  const [exists] = await session.query<{ n: number }>(LEGACY_TABLE_EXISTS[session.dialect]);
  if (Number(exists?.n ?? 0) === 0) return;
  const legacy = await session.query<LegacyRow>('SELECT version, name, applied_at FROM domain_migrations');
  for (const row of legacy) {
    const target = migrations.find((m) => m.version === Number(row.version) + LEGACY_DOMAIN_OFFSET);
    // The same file under its new number: `0001_domain` is `0005_domain`. Anything else is a database
    // this code does not know how to continue, and guessing could skip or repeat a migration.
    if (!target || target.name.slice(4) !== row.name.slice(4)) {
      throw new InternalError(
        `domain migration ${row.name} has no counterpart in this version's migrations; upgrade through a release that knows it`,
      );
    }
    await session.query(
      'INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?) ON CONFLICT (version) DO NOTHING',
      [target.version, target.name, Number(row.applied_at)],
    );
  }
  await session.exec('DROP TABLE domain_migrations');
}

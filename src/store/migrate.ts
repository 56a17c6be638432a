/**
 * The one migration runner: one numbered sequence of plain SQL files per dialect
 * (`migrations/sqlite`, `migrations/postgres`: the engine's tables, then audit and approvals, auth,
 * notifications, business data and billing), recorded in one table, `schema_migrations`. Plain SQL
 * rather than a schema builder because the dialects deserve different physical choices (SQLite
 * STRICT and WITHOUT ROWID tables, PostgreSQL bigint and collations) and a reviewer reads exactly
 * what runs.
 *
 * The runner decides what to run and yields each statement to its caller, which runs it and passes
 * back the rows: SQLite runs the whole sequence synchronously inside one IMMEDIATE transaction
 * (sqlite/migrate.ts), PostgreSQL asynchronously inside one transaction holding an advisory lock
 * (postgres/migrate.ts). Either way a failure leaves nothing half done and concurrent processes
 * apply each file once.
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

/** One statement for the caller to run: a script of several statements, or one with `?` placeholders. */
export type MigrationStatement = { script: string } | { query: string; params: readonly unknown[] };

/** Yields statements, receives each one's rows, returns how many migrations ran. */
export type MigrationSteps = Generator<MigrationStatement, number, Record<string, unknown>[]>;

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

const RECORD =
  'INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?) ON CONFLICT (version) DO NOTHING';

/** Business-data migration n of the old layout is migration n + 4 now (0001_domain became 0005_domain). */
const LEGACY_DOMAIN_OFFSET = 4;

const LEGACY_TABLE_EXISTS: Record<MigrationDialect, string> = {
  sqlite: "SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = 'domain_migrations'",
  postgres:
    "SELECT count(*) AS n FROM pg_tables WHERE schemaname = current_schema() AND tablename = 'domain_migrations'",
};

/** The pending migrations as statements; run it inside a transaction that holds the migration lock. */
export function* migrationSteps(dialect: MigrationDialect, now: () => number = Date.now): MigrationSteps {
  const migrations = loadMigrations(dialect);
  yield { script: TRACKING_TABLE };
  yield* adoptLegacyDomainMigrations(dialect, migrations);
  const rows = yield { query: 'SELECT version FROM schema_migrations', params: [] };
  const applied = new Set(rows.map((r) => Number(r.version)));
  let count = 0;
  for (const m of migrations) {
    if (applied.has(m.version)) continue;
    yield { script: m.sql };
    yield { query: RECORD, params: [m.version, m.name, now()] };
    count++;
  }
  return count;
}

function* adoptLegacyDomainMigrations(
  dialect: MigrationDialect,
  migrations: Migration[],
): Generator<MigrationStatement, void, Record<string, unknown>[]> {
  const [exists] = yield { query: LEGACY_TABLE_EXISTS[dialect], params: [] };
  if (Number(exists?.n ?? 0) === 0) return;
  const legacy = yield { query: 'SELECT version, name, applied_at FROM domain_migrations', params: [] };
  for (const row of legacy) {
    const name = String(row.name);
    const target = migrations.find((m) => m.version === Number(row.version) + LEGACY_DOMAIN_OFFSET);
    // The same file under its new number: `0001_domain` is `0005_domain`. Anything else is a database
    // this code does not know how to continue, and guessing could skip or repeat a migration.
    if (!target || target.name.slice(4) !== name.slice(4)) {
      throw new InternalError(
        `domain migration ${name} has no counterpart in this version's migrations; upgrade through a release that knows it`,
      );
    }
    yield { query: RECORD, params: [target.version, target.name, Number(row.applied_at)] };
  }
  yield { script: 'DROP TABLE domain_migrations' };
}

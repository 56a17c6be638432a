/**
 * Domain migrations: numbered plain SQL per dialect (migrations/sqlite, migrations/postgres), the
 * project's convention for the engine too. Plain SQL rather than Kysely's schema builder because
 * the two dialects deserve different physical choices (SQLite STRICT and WITHOUT ROWID tables,
 * PostgreSQL bigint) and a reviewer reads exactly what runs. Applied versions are recorded in
 * `domain_migrations`, apart from the engine's `schema_migrations`, so the two sets of numbers
 * never collide.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { DomainDb } from './db.ts';

interface Migration {
  version: number;
  name: string;
  sql: string;
}

function loadMigrations(dialect: DomainDb['dialect']): Migration[] {
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

const CREATE_TABLE =
  'CREATE TABLE IF NOT EXISTS domain_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)';

/** Applies pending domain migrations; returns how many ran. Safe to call from many processes at once. */
export async function migrateDomain(ddb: DomainDb, now: () => number = Date.now): Promise<number> {
  const migrations = loadMigrations(ddb.dialect);
  const raw = ddb.raw;
  if (raw.kind === 'sqlite') {
    const database = raw.database;
    database.exec(CREATE_TABLE);
    const applied = new Set(
      (database.prepare('SELECT version FROM domain_migrations').all() as { version: number }[]).map((r) => r.version),
    );
    let count = 0;
    for (const m of migrations) {
      if (applied.has(m.version)) continue;
      database.transaction(() => {
        database.exec(m.sql);
        database
          .prepare('INSERT INTO domain_migrations (version, name, applied_at) VALUES (?, ?, ?)')
          .run(m.version, m.name, now());
      })();
      count++;
    }
    return count;
  }
  return ddb.transaction(async (trx) => {
    // Per schema, so installations (and test files) in other schemas of the database never wait.
    await sql`SELECT pg_advisory_xact_lock(hashtext(current_schema() || ':psizero-domain-migrations'))`.execute(trx);
    await sql.raw(CREATE_TABLE).execute(trx);
    const rows = await trx.selectFrom('domain_migrations').select('version').execute();
    const applied = new Set(rows.map((r) => Number(r.version)));
    let count = 0;
    for (const m of migrations) {
      if (applied.has(m.version)) continue;
      await sql.raw(m.sql).execute(trx);
      await trx
        .insertInto('domain_migrations')
        .values({ version: m.version, name: m.name, applied_at: now() })
        .execute();
      count++;
    }
    return count;
  });
}

import type pg from 'pg';
import { runMigrations, type MigrationSession } from '../migrate.ts';
import { inTransaction, lockKey, quoteIdent } from './connection.ts';

/**
 * Creates the schema if needed and applies the pending migrations, all in one transaction (DDL is
 * transactional in PostgreSQL, so a failed migration leaves nothing half done). Workers starting at
 * once serialise on an advisory lock per schema: one migrates, the others find it done. Returns how
 * many migrations were applied.
 */
export async function migratePostgres(pool: pg.Pool, schema: string | undefined): Promise<number> {
  return inTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1::bigint)', [lockKey(schema, 'migrate')]);
    if (schema) await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
    return runMigrations(postgresSession(client));
  });
}

function postgresSession(client: pg.PoolClient): MigrationSession {
  return {
    dialect: 'postgres',
    async exec(script) {
      // Without parameters pg uses the simple query protocol, which runs several statements.
      await client.query(script);
    },
    async query<R>(text: string, params: readonly unknown[] = []) {
      let n = 0;
      const numbered = text.replace(/\?/g, () => `$${++n}`);
      return (await client.query(numbered, [...params])).rows as R[];
    },
  };
}

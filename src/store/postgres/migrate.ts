import type pg from 'pg';
import { migrationSteps, type MigrationStatement } from '../migrate.ts';
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
    const steps = migrationSteps('postgres');
    for (let step = steps.next([]); ; step = steps.next(await run(client, step.value))) {
      if (step.done) return step.value;
    }
  });
}

async function run(client: pg.PoolClient, statement: MigrationStatement): Promise<Record<string, unknown>[]> {
  // A script has no parameters, so pg sends it with the simple query protocol, which runs several statements.
  if ('script' in statement) return (await client.query(statement.script)).rows as Record<string, unknown>[];
  let n = 0;
  const text = statement.query.replace(/\?/g, () => `$${++n}`);
  return (await client.query(text, [...statement.params])).rows as Record<string, unknown>[];
}

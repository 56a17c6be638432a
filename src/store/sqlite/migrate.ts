import type Database from 'better-sqlite3';
import { runMigrations, type MigrationSession } from '../migrate.ts';
import type { ConnectionGate } from './connection-gate.ts';

/**
 * Applies pending migrations in one IMMEDIATE transaction: it takes the file's write lock first, so
 * processes starting together on one file migrate one after the other. The transaction spans awaits,
 * so it holds the connection gate like any other asynchronous transaction.
 */
export async function migrateSqlite(database: Database.Database, gate: ConnectionGate): Promise<number> {
  await gate.acquire();
  try {
    database.exec('BEGIN IMMEDIATE');
    try {
      const count = await runMigrations(sqliteSession(database));
      database.exec('COMMIT');
      return count;
    } catch (err) {
      if (database.inTransaction) database.exec('ROLLBACK');
      throw err;
    }
  } finally {
    gate.release();
  }
}

function sqliteSession(database: Database.Database): MigrationSession {
  return {
    dialect: 'sqlite',
    async exec(script) {
      database.exec(script);
    },
    async query<R>(text: string, params: readonly unknown[] = []) {
      const statement = database.prepare(text);
      if (statement.reader) return statement.all(...params) as R[];
      statement.run(...params);
      return [];
    },
  };
}

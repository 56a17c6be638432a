import type Database from 'better-sqlite3';
import { migrationSteps, type MigrationStatement } from '../migrate.ts';

/**
 * Applies pending migrations synchronously in one IMMEDIATE transaction: it takes the file's write
 * lock first, so processes starting together on one file migrate one after the other, and nothing
 * else on this connection can run in between.
 */
export function migrateSqlite(database: Database.Database): number {
  return database
    .transaction(() => {
      const steps = migrationSteps('sqlite');
      for (let step = steps.next([]); ; step = steps.next(run(database, step.value))) {
        if (step.done) return step.value;
      }
    })
    .immediate();
}

function run(database: Database.Database, statement: MigrationStatement): Record<string, unknown>[] {
  if ('script' in statement) {
    database.exec(statement.script);
    return [];
  }
  const prepared = database.prepare(statement.query);
  if (prepared.reader) return prepared.all(...statement.params) as Record<string, unknown>[];
  prepared.run(...statement.params);
  return [];
}

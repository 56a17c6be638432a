/** Direct SQL against a test database, for tests that play an attacker with database access. */
import type { Database } from '../../src/db/index.ts';

export async function rawSql(database: Database, sql: string): Promise<void> {
  if (database.dialect === 'sqlite') database.store.db.exec(sql);
  else await database.store.pool.query(sql);
}

/** Removes the append-only triggers, as someone with direct database access could. */
export async function dropAuditTriggers(database: Database): Promise<void> {
  await rawSql(
    database,
    database.dialect === 'sqlite'
      ? 'DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;'
      : 'DROP TRIGGER audit_log_no_change ON audit_log;',
  );
}

/** Direct SQL against a test store, for tests that play an attacker with database access. */
import { openRepositories, type Repositories } from '../../src/app/repositories.ts';
import type { PostgresStore } from '../../src/store/postgres/index.ts';
import { SqliteStore } from '../../src/store/sqlite/index.ts';
import type { Store } from '../../src/store/types.ts';

export async function rawSql(store: Store, sql: string): Promise<void> {
  if (store instanceof SqliteStore) store.db.exec(sql);
  else await (store as PostgresStore).pool.query(sql);
}

/** Removes the append-only triggers, as someone with direct database access could. */
export async function dropAuditTriggers(store: Store): Promise<void> {
  await rawSql(
    store,
    store instanceof SqliteStore
      ? 'DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;'
      : 'DROP TRIGGER audit_log_no_change ON audit_log;',
  );
}

export function repositoriesOf(store: Store): Promise<Repositories> {
  return openRepositories(store);
}

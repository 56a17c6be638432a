import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from '../../src/store/sqlite/index.ts';
import type { Store } from '../../src/store/types.ts';

export interface StoreFactory {
  name: 'sqlite' | 'postgres';
  /** A fresh, isolated, migrated store. */
  create(): Promise<Store>;
}

/** SQLite on a real file (WAL needs one) in a private temp directory. */
export const sqliteFactory: StoreFactory = {
  name: 'sqlite',
  async create() {
    const dir = mkdtempSync(join(tmpdir(), 'psizero-test-'));
    return new SqliteStore({ path: join(dir, 'test.db') });
  },
};

/** Every store adapter the conformance suite runs against. */
export function storeFactories(): StoreFactory[] {
  return [sqliteFactory];
}

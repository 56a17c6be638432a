import Database from 'better-sqlite3';

/**
 * Stands in for an outside system (a payment provider) that deduplicates by idempotency key:
 * a second request with the same key is acknowledged but does not create a second effect.
 */
export class EffectsLedger {
  private readonly db: Database.Database;

  constructor(path: string) {
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('busy_timeout = 10000');
    this.db.exec(`CREATE TABLE IF NOT EXISTS effects (
      key TEXT PRIMARY KEY, run_id TEXT NOT NULL, step TEXT NOT NULL, requests INTEGER NOT NULL DEFAULT 1)`);
  }

  apply(key: string, runId: string, step: string): void {
    this.db
      .prepare(
        'INSERT INTO effects (key, run_id, step) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET requests = requests + 1',
      )
      .run(key, runId, step);
  }

  all(): { key: string; run_id: string; step: string; requests: number }[] {
    return this.db.prepare('SELECT key, run_id, step, requests FROM effects').all() as {
      key: string;
      run_id: string;
      step: string;
      requests: number;
    }[];
  }

  close(): void {
    this.db.close();
  }
}

import type Database from 'better-sqlite3';
import { keyFromRow, keyValues, sessionFromRow, sessionValues, type ApiKeyRow, type SessionRow } from '../auth-rows.ts';
import type { ApiKeyRecord, AuthRepository, SessionRecord } from '../auth-types.ts';

/** API keys, sessions and password hashes on SQLite (see auth-types.ts). */
export class SqliteAuthRepository implements AuthRepository {
  constructor(private readonly db: Database.Database) {}

  async createKey(key: ApiKeyRecord): Promise<void> {
    this.db
      .prepare(
        'INSERT INTO api_keys (id, name, role, person_id, hash, created_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(...keyValues(key));
  }

  async getKey(id: string): Promise<ApiKeyRecord | null> {
    const row = this.db.prepare('SELECT * FROM api_keys WHERE id = ?').get(id) as ApiKeyRow | undefined;
    return row ? keyFromRow(row) : null;
  }

  async listKeys(): Promise<ApiKeyRecord[]> {
    const rows = this.db.prepare('SELECT * FROM api_keys ORDER BY created_at DESC, id').all() as ApiKeyRow[];
    return rows.map(keyFromRow);
  }

  async revokeKey(id: string, now: number): Promise<boolean> {
    return (
      this.db.prepare('UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(now, id).changes ===
      1
    );
  }

  async createSession(session: SessionRecord): Promise<void> {
    this.db
      .prepare('INSERT INTO sessions (id, person_id, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)')
      .run(...sessionValues(session));
  }

  async getSession(id: string): Promise<SessionRecord | null> {
    const row = this.db.prepare('SELECT * FROM sessions WHERE id = ?').get(id) as SessionRow | undefined;
    return row ? sessionFromRow(row) : null;
  }

  async deleteSession(id: string): Promise<void> {
    this.db.prepare('DELETE FROM sessions WHERE id = ?').run(id);
  }

  async deleteExpiredSessions(now: number): Promise<number> {
    return this.db.prepare('DELETE FROM sessions WHERE expires_at <= ?').run(now).changes;
  }

  async deleteSessionsOf(personId: string): Promise<number> {
    return this.db.prepare('DELETE FROM sessions WHERE person_id = ?').run(personId).changes;
  }

  async setPassword(personId: string, hash: string, now: number): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO person_passwords (person_id, hash, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (person_id) DO UPDATE SET hash = excluded.hash, updated_at = excluded.updated_at`,
      )
      .run(personId, hash, now);
  }

  async getPassword(personId: string): Promise<string | null> {
    const row = this.db.prepare('SELECT hash FROM person_passwords WHERE person_id = ?').get(personId) as
      { hash: string } | undefined;
    return row?.hash ?? null;
  }

  async listPasswordHolders(): Promise<string[]> {
    return (
      this.db.prepare('SELECT person_id FROM person_passwords ORDER BY person_id').all() as { person_id: string }[]
    ).map((r) => r.person_id);
  }
}

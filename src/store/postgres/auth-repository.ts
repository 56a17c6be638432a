import type pg from 'pg';
import { keyFromRow, keyValues, sessionFromRow, sessionValues, type ApiKeyRow, type SessionRow } from '../auth-rows.ts';
import type { ApiKeyRecord, AuthRepository, SessionRecord } from '../auth-types.ts';

/** API keys, sessions and password hashes on PostgreSQL (see auth-types.ts). */
export class PostgresAuthRepository implements AuthRepository {
  constructor(private readonly pool: pg.Pool) {}

  async createKey(key: ApiKeyRecord): Promise<void> {
    await this.pool.query(
      'INSERT INTO api_keys (id, name, role, person_id, hash, created_at, revoked_at) VALUES ($1, $2, $3, $4, $5, $6, $7)',
      keyValues(key),
    );
  }

  async getKey(id: string): Promise<ApiKeyRecord | null> {
    const { rows } = await this.pool.query<ApiKeyRow>('SELECT * FROM api_keys WHERE id = $1', [id]);
    return rows[0] ? keyFromRow(rows[0]) : null;
  }

  async listKeys(): Promise<ApiKeyRecord[]> {
    const { rows } = await this.pool.query<ApiKeyRow>('SELECT * FROM api_keys ORDER BY created_at DESC, id');
    return rows.map(keyFromRow);
  }

  async revokeKey(id: string, now: number): Promise<boolean> {
    const res = await this.pool.query('UPDATE api_keys SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL', [
      now,
      id,
    ]);
    return res.rowCount === 1;
  }

  async createSession(session: SessionRecord): Promise<void> {
    await this.pool.query(
      'INSERT INTO sessions (id, person_id, csrf_token, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)',
      sessionValues(session),
    );
  }

  async getSession(id: string): Promise<SessionRecord | null> {
    const { rows } = await this.pool.query<SessionRow>('SELECT * FROM sessions WHERE id = $1', [id]);
    return rows[0] ? sessionFromRow(rows[0]) : null;
  }

  async deleteSession(id: string): Promise<void> {
    await this.pool.query('DELETE FROM sessions WHERE id = $1', [id]);
  }

  async deleteExpiredSessions(now: number): Promise<number> {
    return (await this.pool.query('DELETE FROM sessions WHERE expires_at <= $1', [now])).rowCount ?? 0;
  }

  async deleteSessionsOf(personId: string): Promise<number> {
    return (await this.pool.query('DELETE FROM sessions WHERE person_id = $1', [personId])).rowCount ?? 0;
  }

  async setPassword(personId: string, hash: string, now: number): Promise<void> {
    await this.pool.query(
      `INSERT INTO person_passwords (person_id, hash, updated_at) VALUES ($1, $2, $3)
       ON CONFLICT (person_id) DO UPDATE SET hash = excluded.hash, updated_at = excluded.updated_at`,
      [personId, hash, now],
    );
  }

  async getPassword(personId: string): Promise<string | null> {
    const { rows } = await this.pool.query<{ hash: string }>('SELECT hash FROM person_passwords WHERE person_id = $1', [
      personId,
    ]);
    return rows[0]?.hash ?? null;
  }

  async listPasswordHolders(): Promise<string[]> {
    const { rows } = await this.pool.query<{ person_id: string }>(
      'SELECT person_id FROM person_passwords ORDER BY person_id',
    );
    return rows.map((r) => r.person_id);
  }
}

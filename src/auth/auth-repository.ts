/**
 * Storage for authentication, written once for SQLite and PostgreSQL: API keys for machines,
 * sign-in sessions and password hashes for people in the policy directory. Secrets are never
 * stored: keys and session tokens as sha256 digests, passwords as scrypt hashes (auth-service.ts
 * makes and checks them).
 */
import type { Selectable } from 'kysely';
import type { Db } from '../db/index.ts';
import type { ApiKeysTable, SessionsTable } from '../db/tables.ts';

export interface ApiKeyRecord {
  /** Public part of the key (`psz_<id>_<secret>`), used to find the row. */
  id: string;
  name: string;
  /** A machine role: admin, operator, ingest or viewer. */
  role: string;
  /** Directory id of the person the key acts for (approval decisions), or null. */
  personId: string | null;
  /** sha256 hex of the whole key. */
  hash: string;
  createdAt: number;
  revokedAt: number | null;
}

export interface SessionRecord {
  /** sha256 hex of the session token in the cookie. */
  id: string;
  personId: string;
  /** Synchronizer token the session's forms and cookie-authenticated API calls must echo. */
  csrfToken: string;
  createdAt: number;
  expiresAt: number;
}

function keyFromRow(row: Selectable<ApiKeysTable>): ApiKeyRecord {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    personId: row.person_id,
    hash: row.hash,
    createdAt: Number(row.created_at),
    revokedAt: row.revoked_at === null ? null : Number(row.revoked_at),
  };
}

function sessionFromRow(row: Selectable<SessionsTable>): SessionRecord {
  return {
    id: row.id,
    personId: row.person_id,
    csrfToken: row.csrf_token,
    createdAt: Number(row.created_at),
    expiresAt: Number(row.expires_at),
  };
}

export class AuthRepository {
  constructor(private readonly db: Db) {}

  async createKey(key: ApiKeyRecord): Promise<void> {
    await this.db.kysely
      .insertInto('api_keys')
      .values({
        id: key.id,
        name: key.name,
        role: key.role,
        person_id: key.personId,
        hash: key.hash,
        created_at: key.createdAt,
        revoked_at: key.revokedAt,
      })
      .execute();
  }

  async getKey(id: string): Promise<ApiKeyRecord | null> {
    const row = await this.db.kysely.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? keyFromRow(row) : null;
  }

  /** Newest first, revoked keys included. */
  async listKeys(): Promise<ApiKeyRecord[]> {
    const rows = await this.db.kysely
      .selectFrom('api_keys')
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .execute();
    return rows.map(keyFromRow);
  }

  /** False when the key is unknown or already revoked. */
  async revokeKey(id: string, now: number): Promise<boolean> {
    const result = await this.db.kysely
      .updateTable('api_keys')
      .set({ revoked_at: now })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return result.numUpdatedRows === 1n;
  }

  async createSession(session: SessionRecord): Promise<void> {
    await this.db.kysely
      .insertInto('sessions')
      .values({
        id: session.id,
        person_id: session.personId,
        csrf_token: session.csrfToken,
        created_at: session.createdAt,
        expires_at: session.expiresAt,
      })
      .execute();
  }

  async getSession(id: string): Promise<SessionRecord | null> {
    const row = await this.db.kysely.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? sessionFromRow(row) : null;
  }

  async deleteSession(id: string): Promise<void> {
    await this.db.kysely.deleteFrom('sessions').where('id', '=', id).execute();
  }

  /** Removes every session that expired at or before `now`; returns how many. */
  async deleteExpiredSessions(now: number): Promise<number> {
    const result = await this.db.kysely.deleteFrom('sessions').where('expires_at', '<=', now).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /** Signs a person out everywhere (after a password change). */
  async deleteSessionsOf(personId: string): Promise<number> {
    const result = await this.db.kysely.deleteFrom('sessions').where('person_id', '=', personId).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /** Inserts or replaces the person's password hash. */
  async setPassword(personId: string, hash: string, now: number): Promise<void> {
    await this.db.kysely
      .insertInto('person_passwords')
      .values({ person_id: personId, hash, updated_at: now })
      .onConflict((oc) =>
        oc.column('person_id').doUpdateSet((eb) => ({
          hash: eb.ref('excluded.hash'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();
  }

  async getPassword(personId: string): Promise<string | null> {
    const row = await this.db.kysely
      .selectFrom('person_passwords')
      .select('hash')
      .where('person_id', '=', personId)
      .executeTakeFirst();
    return row?.hash ?? null;
  }

  /** Ids of the people who have a password. */
  async listPasswordHolders(): Promise<string[]> {
    const rows = await this.db.kysely.selectFrom('person_passwords').select('person_id').orderBy('person_id').execute();
    return rows.map((r) => r.person_id);
  }
}

/**
 * Storage for authentication, written once for SQLite and PostgreSQL: API keys for machines,
 * sign-in sessions and password hashes for people in the policy directory, the sign-in throttle's
 * counters, one-time sign-in links, and which passwords are the demo password. Secrets are never
 * stored: keys, session and link tokens as sha256 digests, passwords as scrypt hashes
 * (auth-service.ts makes and checks them).
 */
import type { Selectable } from 'kysely';
import type { Db, DbTransaction } from '../db/index.ts';
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

export interface SignInLinkRecord {
  /** sha256 hex of the link's token. */
  id: string;
  personId: string;
  createdAt: number;
  expiresAt: number;
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

  /** Inserts or replaces the person's own password hash (no longer the demo password, if it was). */
  async setPassword(personId: string, hash: string, now: number): Promise<void> {
    await this.db.transaction(async (trx) => {
      await upsertPassword(trx, personId, hash, now);
      await trx.deleteFrom('demo_passwords').where('person_id', '=', personId).execute();
    });
  }

  /** Gives the person the demo password's hash and marks it as the demo password. */
  async setDemoPassword(personId: string, hash: string, now: number): Promise<void> {
    await this.db.transaction(async (trx) => {
      await upsertPassword(trx, personId, hash, now);
      await trx
        .insertInto('demo_passwords')
        .values({ person_id: personId, set_at: now })
        .onConflict((oc) => oc.column('person_id').doUpdateSet({ set_at: now }))
        .execute();
    });
  }

  /** Ids of the people whose password is the demo password. */
  async listDemoPasswordHolders(): Promise<string[]> {
    const rows = await this.db.kysely.selectFrom('demo_passwords').select('person_id').orderBy('person_id').execute();
    return rows.map((r) => r.person_id);
  }

  /** Deletes every demo password and the sessions signed in with them; returns whose. */
  async removeDemoPasswords(): Promise<string[]> {
    return this.db.transaction(async (trx) => {
      const holders = (await trx.selectFrom('demo_passwords').select('person_id').orderBy('person_id').execute()).map(
        (r) => r.person_id,
      );
      if (holders.length === 0) return [];
      await trx.deleteFrom('person_passwords').where('person_id', 'in', holders).execute();
      await trx.deleteFrom('sessions').where('person_id', 'in', holders).execute();
      await trx.deleteFrom('demo_passwords').where('person_id', 'in', holders).execute();
      return holders;
    });
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

  /**
   * Counts one sign-in attempt for `key` before its password is checked, in one statement (so
   * parallel attempts, in this process or another, cannot all pass): false, and nothing counted,
   * when `max` attempts were already counted in the window that began at the first of them.
   */
  async reserveSignInAttempt(key: string, now: number, windowMs: number, max: number): Promise<boolean> {
    const expired = now - windowMs;
    const row = await this.db.kysely
      .insertInto('sign_in_throttle')
      .values({ person_id: key, window_started_at: now, attempts: 1 })
      .onConflict((oc) =>
        oc
          .column('person_id')
          .doUpdateSet((eb) => {
            const stale = eb('sign_in_throttle.window_started_at', '<=', expired);
            return {
              attempts: eb
                .case()
                .when(stale)
                .then(1)
                .else(eb('sign_in_throttle.attempts', '+', 1))
                .end(),
              window_started_at: eb
                .case()
                .when(stale)
                .then(now)
                .else(eb.ref('sign_in_throttle.window_started_at'))
                .end(),
            };
          })
          .where((eb) =>
            eb.or([eb('sign_in_throttle.window_started_at', '<=', expired), eb('sign_in_throttle.attempts', '<', max)]),
          ),
      )
      .returning('attempts')
      .executeTakeFirst();
    return row !== undefined;
  }

  /** A successful sign-in: the count for `key` starts again. */
  async clearSignInAttempts(key: string): Promise<void> {
    await this.db.kysely.deleteFrom('sign_in_throttle').where('person_id', '=', key).execute();
  }

  /** Stores a new sign-in link for its person; every unused link of theirs stops working. */
  async replaceSignInLinks(link: SignInLinkRecord): Promise<void> {
    await this.db.transaction(async (trx) => {
      await trx
        .deleteFrom('sign_in_links')
        .where((eb) =>
          eb.or([
            eb('person_id', '=', link.personId),
            eb('used_at', 'is not', null),
            eb('expires_at', '<=', link.createdAt),
          ]),
        )
        .execute();
      await trx
        .insertInto('sign_in_links')
        .values({
          id: link.id,
          person_id: link.personId,
          created_at: link.createdAt,
          expires_at: link.expiresAt,
          used_at: null,
        })
        .execute();
    });
  }

  /** The link if it can still be used at `now` (not used, not expired, not replaced), else null. */
  async getUsableSignInLink(id: string, now: number): Promise<SignInLinkRecord | null> {
    const row = await this.db.kysely
      .selectFrom('sign_in_links')
      .selectAll()
      .where('id', '=', id)
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .executeTakeFirst();
    return row
      ? { id: row.id, personId: row.person_id, createdAt: Number(row.created_at), expiresAt: Number(row.expires_at) }
      : null;
  }

  /** Uses the link up, once however many requests race; the person it signs in, or null when it was not usable. */
  async useSignInLink(id: string, now: number): Promise<string | null> {
    const row = await this.db.kysely
      .updateTable('sign_in_links')
      .set({ used_at: now })
      .where('id', '=', id)
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .returning('person_id')
      .executeTakeFirst();
    return row?.person_id ?? null;
  }
}

async function upsertPassword(trx: DbTransaction, personId: string, hash: string, now: number): Promise<void> {
  await trx
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

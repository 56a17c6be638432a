/**
 * Storage for authentication: API keys for machines, sign-in sessions and password hashes for
 * people in the policy directory. Secrets are never stored: keys and session tokens as sha256
 * digests, passwords as scrypt hashes (src/auth/ makes and checks them).
 */

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

export interface AuthRepository {
  createKey(key: ApiKeyRecord): Promise<void>;
  getKey(id: string): Promise<ApiKeyRecord | null>;
  /** Newest first, revoked keys included. */
  listKeys(): Promise<ApiKeyRecord[]>;
  /** False when the key is unknown or already revoked. */
  revokeKey(id: string, now: number): Promise<boolean>;

  createSession(session: SessionRecord): Promise<void>;
  getSession(id: string): Promise<SessionRecord | null>;
  deleteSession(id: string): Promise<void>;
  /** Removes every session that expired at or before `now`; returns how many. */
  deleteExpiredSessions(now: number): Promise<number>;
  /** Signs a person out everywhere (after a password change). */
  deleteSessionsOf(personId: string): Promise<number>;

  /** Inserts or replaces the person's password hash. */
  setPassword(personId: string, hash: string, now: number): Promise<void>;
  getPassword(personId: string): Promise<string | null>;
  /** Ids of the people who have a password. */
  listPasswordHolders(): Promise<string[]>;
}

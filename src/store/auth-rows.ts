/** Row mapping shared by the SQLite and PostgreSQL auth repositories. */
import type { ApiKeyRecord, SessionRecord } from './auth-types.ts';

export interface ApiKeyRow {
  id: string;
  name: string;
  role: string;
  person_id: string | null;
  hash: string;
  created_at: number | string;
  revoked_at: number | string | null;
}

export interface SessionRow {
  id: string;
  person_id: string;
  csrf_token: string;
  created_at: number | string;
  expires_at: number | string;
}

export function keyFromRow(row: ApiKeyRow): ApiKeyRecord {
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

export function keyValues(k: ApiKeyRecord): unknown[] {
  return [k.id, k.name, k.role, k.personId, k.hash, k.createdAt, k.revokedAt];
}

export function sessionFromRow(row: SessionRow): SessionRecord {
  return {
    id: row.id,
    personId: row.person_id,
    csrfToken: row.csrf_token,
    createdAt: Number(row.created_at),
    expiresAt: Number(row.expires_at),
  };
}

export function sessionValues(s: SessionRecord): unknown[] {
  return [s.id, s.personId, s.csrfToken, s.createdAt, s.expiresAt];
}

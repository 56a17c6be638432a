/**
 * API keys read `psz_<id>_<secret>`: a public id to find the row and 32 random bytes of secret.
 * Only the sha256 of the whole key is stored. A fast hash is enough here (unlike passwords): the
 * secret has 256 bits of entropy, so there is nothing to guess offline.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const KEY_PATTERN = /^psz_([a-z0-9]{12})_([A-Za-z0-9_-]{43})$/;

export interface GeneratedApiKey {
  id: string;
  /** The whole key, shown once at creation. */
  key: string;
}

export function generateApiKey(): GeneratedApiKey {
  const id = [...randomBytes(12)].map((b) => 'abcdefghijklmnopqrstuvwxyz0123456789'[b % 36]).join('');
  const secret = randomBytes(32).toString('base64url');
  return { id, key: `psz_${id}_${secret}` };
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** The key's id, or null when the text is not shaped like a PsiZero key. */
export function apiKeyId(key: string): string | null {
  return KEY_PATTERN.exec(key)?.[1] ?? null;
}

export function sha256Equal(aHex: string, bHex: string): boolean {
  const a = Buffer.from(aHex, 'hex');
  const b = Buffer.from(bHex, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

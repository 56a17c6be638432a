/**
 * Signed rating links for the briefing email: one per score, for one recipient and one morning.
 *
 * A token is `r1.<claims>.<mac>`: the claims (date, person, expiry) as base64url JSON and an
 * HMAC-SHA256 over `r1.<claims>` under the approval link secret. The version prefix differs from
 * approval links' `v1`, and it is inside the MAC, so neither kind of token reads as the other.
 * The score is not signed: it is in the link's query and only preselects the page's form, where
 * the person may change it. A link may be used again (rating again replaces the previous rating),
 * so no nonce is stored. Pure.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { PsiZeroError } from '../lib/errors.ts';

const VERSION = 'r1';

/** How long a rating link stays valid: two weeks, long enough for a late look at the email. */
export const RATING_LINK_TTL_MS = 14 * 24 * 3_600_000;

/** The path of the rating page; the token follows it. */
export const RATING_LINK_PATH = '/briefing-rating';

const ClaimsSchema = z.strictObject({
  d: z.iso.date(),
  p: z.string().min(1),
  e: z.number().int(),
});

export interface RatingLinkClaims {
  /** The briefing's date. */
  date: string;
  personId: string;
  expiresAt: number;
}

export type RatingLinkErrorCode = 'RATING_LINK_INVALID' | 'RATING_LINK_EXPIRED';

/** A tampered, malformed or foreign token (400), or an expired one (410). */
export class RatingLinkError extends PsiZeroError {
  declare readonly code: RatingLinkErrorCode;

  constructor(code: RatingLinkErrorCode, message: string) {
    super(code, message, { kind: code === 'RATING_LINK_EXPIRED' ? 'gone' : 'invalid', retryable: false });
  }
}

function mac(secret: string, signed: string): Buffer {
  return createHmac('sha256', secret).update(signed, 'utf8').digest();
}

export function signRatingToken(claims: RatingLinkClaims, secret: string): string {
  const body = { d: claims.date, p: claims.personId, e: claims.expiresAt };
  const signed = `${VERSION}.${Buffer.from(JSON.stringify(body), 'utf8').toString('base64url')}`;
  return `${signed}.${mac(secret, signed).toString('base64url')}`;
}

/** Checks the signature and the expiry. Throws RATING_LINK_INVALID or RATING_LINK_EXPIRED. */
export function verifyRatingToken(token: string, secret: string, now: number): RatingLinkClaims {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== VERSION)
    throw new RatingLinkError('RATING_LINK_INVALID', 'this rating link is malformed');
  const signed = `${parts[0]}.${parts[1]}`;
  const given = Buffer.from(parts[2]!, 'base64url');
  const expected = mac(secret, signed);
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    throw new RatingLinkError('RATING_LINK_INVALID', 'this rating link has been altered or was not issued by PsiZero');
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8'));
  } catch {
    throw new RatingLinkError('RATING_LINK_INVALID', 'this rating link is malformed');
  }
  const parsed = ClaimsSchema.safeParse(raw);
  if (!parsed.success) throw new RatingLinkError('RATING_LINK_INVALID', 'this rating link is malformed');
  const c = parsed.data;
  if (now >= c.e)
    throw new RatingLinkError('RATING_LINK_EXPIRED', `this rating link expired at ${new Date(c.e).toISOString()}`);
  return { date: c.d, personId: c.p, expiresAt: c.e };
}

export interface RatingLinkOptions {
  /** The approval link secret (`approvals.linkSecret`). */
  secret: string;
  /** Where the dashboard is reachable from a mail client. */
  publicUrl: string;
  ttlMs?: number;
}

/** One link per score (1-5) for a person's briefing of `date`, issued at `now`. */
export interface RatingLinks {
  linksFor(date: string, personId: string, now: number): { score: number; url: string }[];
  verify(token: string, now: number): RatingLinkClaims;
}

export function ratingLinks(options: RatingLinkOptions): RatingLinks {
  const base = options.publicUrl.replace(/\/+$/, '');
  const ttlMs = options.ttlMs ?? RATING_LINK_TTL_MS;
  return {
    linksFor(date, personId, now) {
      const token = signRatingToken({ date, personId, expiresAt: now + ttlMs }, options.secret);
      return [1, 2, 3, 4, 5].map((score) => ({ score, url: `${base}${RATING_LINK_PATH}/${token}?score=${score}` }));
    },
    verify: (token, now) => verifyRatingToken(token, options.secret, now),
  };
}

/**
 * Rating link tokens: a valid token gives its date and person back; tampered, foreign-secret,
 * malformed and expired tokens are refused; an approval link token is never a rating token and a
 * rating token never an approval link token; each recipient's links carry their own signature.
 */
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ApprovalLinkError, signApprovalLinkToken, verifyApprovalLinkToken } from '../../../src/approvals/index.ts';
import {
  RatingLinkError,
  ratingLinks,
  signRatingToken,
  verifyRatingToken,
  type RatingLinkClaims,
  type RatingLinkErrorCode,
} from '../../../src/briefings/index.ts';

const SECRET = 'a-test-secret-that-is-long-enough-0123456789';
const NOW = Date.UTC(2026, 2, 9, 16);
const claims: RatingLinkClaims = { date: '2026-03-09', personId: 'fiona', expiresAt: NOW + 3_600_000 };

function code(fn: () => unknown): RatingLinkErrorCode {
  try {
    fn();
  } catch (err) {
    if (err instanceof RatingLinkError) return err.code;
    throw err;
  }
  throw new RatingLinkError('RATING_LINK_INVALID', 'expected a rating link error');
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('rating link tokens', () => {
  const token = signRatingToken(claims, SECRET);

  it('gives the date and the person back from a valid token', () => {
    expect(token.startsWith('r1.')).toBe(true);
    expect(verifyRatingToken(token, SECRET, NOW)).toEqual(claims);
  });

  it('refuses a token whose claims or signature were changed, or signed under another secret', () => {
    const [v, body, mac] = token.split('.') as [string, string, string];
    const forged = `${v}.${b64({ d: '2026-03-09', p: 'olivia', e: claims.expiresAt })}.${mac}`;
    expect(code(() => verifyRatingToken(forged, SECRET, NOW))).toBe('RATING_LINK_INVALID');
    const flipped = `${v}.${body}.${mac.slice(0, -2)}${mac.endsWith('AA') ? 'BB' : 'AA'}`;
    expect(code(() => verifyRatingToken(flipped, SECRET, NOW))).toBe('RATING_LINK_INVALID');
    expect(code(() => verifyRatingToken(token, `${SECRET}-other`, NOW))).toBe('RATING_LINK_INVALID');
    expect(code(() => verifyRatingToken('r1.only-two', SECRET, NOW))).toBe('RATING_LINK_INVALID');
    expect(code(() => verifyRatingToken('', SECRET, NOW))).toBe('RATING_LINK_INVALID');
  });

  it('refuses a correctly signed token whose claims are not a rating link’s', () => {
    const signed = `r1.${b64({ d: 'yesterday', p: 'fiona', e: claims.expiresAt })}`;
    const mac = createHmac('sha256', SECRET).update(signed).digest('base64url');
    expect(code(() => verifyRatingToken(`${signed}.${mac}`, SECRET, NOW))).toBe('RATING_LINK_INVALID');
  });

  it('refuses an expired token as gone', () => {
    expect(code(() => verifyRatingToken(token, SECRET, claims.expiresAt))).toBe('RATING_LINK_EXPIRED');
    expect(() => verifyRatingToken(token, SECRET, claims.expiresAt + 1)).toThrow(
      expect.objectContaining({ kind: 'gone', retryable: false }),
    );
  });

  it('never reads an approval link token as a rating token, nor the other way round', () => {
    const approval = signApprovalLinkToken(
      { approvalId: 'apr_1', personId: 'fiona', intent: 'approve', nonce: 'n0nce-n0nce-n0nce-1', expiresAt: NOW + 1 },
      SECRET,
    );
    expect(code(() => verifyRatingToken(approval, SECRET, NOW))).toBe('RATING_LINK_INVALID');
    // The same body under the rating prefix: the MAC covers the prefix, so it does not verify either.
    const [, body, mac] = approval.split('.') as [string, string, string];
    expect(code(() => verifyRatingToken(`r1.${body}.${mac}`, SECRET, NOW))).toBe('RATING_LINK_INVALID');
    expect(() => verifyApprovalLinkToken(token, SECRET, NOW)).toThrow(ApprovalLinkError);
    const [, rbody, rmac] = token.split('.') as [string, string, string];
    expect(() => verifyApprovalLinkToken(`v1.${rbody}.${rmac}`, SECRET, NOW)).toThrow(ApprovalLinkError);
  });

  it('issues one link per score, signed for its recipient, expiring after 14 days', () => {
    const links = ratingLinks({ secret: SECRET, publicUrl: 'https://psizero.example/' });
    const fiona = links.linksFor('2026-03-09', 'fiona', NOW);
    expect(fiona.map((l) => l.score)).toEqual([1, 2, 3, 4, 5]);
    expect(fiona[3]!.url).toMatch(/^https:\/\/psizero\.example\/briefing-rating\/r1\.[\w-]+\.[\w-]+\?score=4$/);
    const tokenOf = (url: string) => new URL(url).pathname.split('/').at(-1)!;
    expect(links.verify(tokenOf(fiona[0]!.url), NOW)).toEqual({
      date: '2026-03-09',
      personId: 'fiona',
      expiresAt: NOW + 14 * 24 * 3_600_000,
    });
    const olivia = links.linksFor('2026-03-09', 'olivia', NOW);
    expect(tokenOf(olivia[0]!.url)).not.toBe(tokenOf(fiona[0]!.url));
    expect(links.verify(tokenOf(olivia[0]!.url), NOW).personId).toBe('olivia');
  });
});

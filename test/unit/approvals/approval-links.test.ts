import { describe, expect, it } from 'vitest';
import type { ApprovalLinkClaims, ApprovalLinkErrorCode } from '../../../src/approvals/index.ts';
import { ApprovalLinkError, signApprovalLinkToken, verifyApprovalLinkToken } from '../../../src/approvals/index.ts';

const SECRET = 'a-test-secret-that-is-long-enough-0123456789';
const NOW = Date.UTC(2026, 2, 2, 9);
const claims: ApprovalLinkClaims = {
  approvalId: 'apr_1',
  personId: 'fiona',
  intent: 'approve',
  nonce: 'n0nce-n0nce-n0nce-1',
  expiresAt: NOW + 3_600_000,
};

function code(fn: () => unknown): ApprovalLinkErrorCode {
  try {
    fn();
  } catch (err) {
    if (err instanceof ApprovalLinkError) return err.code;
    throw err;
  }
  throw new Error('expected a link error');
}

function b64(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

describe('approval link tokens', () => {
  const token = signApprovalLinkToken(claims, SECRET);

  it('round-trips the approval, person and intent until the expiry', () => {
    expect(token).toMatch(/^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(verifyApprovalLinkToken(token, SECRET, NOW)).toEqual(claims);
    expect(verifyApprovalLinkToken(token, SECRET, claims.expiresAt - 1)).toEqual(claims);
  });

  it('refuses an expired token', () => {
    expect(code(() => verifyApprovalLinkToken(token, SECRET, claims.expiresAt))).toBe('LINK_EXPIRED');
  });

  it('refuses tampered claims, a tampered signature, another secret and malformed tokens', () => {
    const [version, , mac] = token.split('.');
    const asReject = `${version}.${b64({ a: 'apr_1', p: 'fiona', i: 'reject', n: claims.nonce, e: claims.expiresAt })}.${mac}`;
    const asOther = `${version}.${b64({ a: 'apr_1', p: 'sam', i: 'approve', n: claims.nonce, e: claims.expiresAt })}.${mac}`;
    const longer = `${version}.${b64({ a: 'apr_1', p: 'fiona', i: 'approve', n: claims.nonce, e: claims.expiresAt + 86_400_000 })}.${mac}`;
    for (const forged of [asReject, asOther, longer])
      expect(code(() => verifyApprovalLinkToken(forged, SECRET, NOW))).toBe('LINK_INVALID');
    const flipped = `${token.slice(0, -2)}${token.endsWith('AA') ? 'AB' : 'AA'}`;
    expect(code(() => verifyApprovalLinkToken(flipped, SECRET, NOW))).toBe('LINK_INVALID');
    expect(code(() => verifyApprovalLinkToken(token, `${SECRET}x`, NOW))).toBe('LINK_INVALID');
    for (const bad of ['', 'v1', 'v1..', 'v2.x.y', `${token}.extra`])
      expect(code(() => verifyApprovalLinkToken(bad, SECRET, NOW))).toBe('LINK_INVALID');
  });

  it('refuses well-signed claims of the wrong shape', () => {
    const signedGarbage = signApprovalLinkToken({ ...claims, intent: 'maybe' as 'approve' }, SECRET);
    expect(code(() => verifyApprovalLinkToken(signedGarbage, SECRET, NOW))).toBe('LINK_INVALID');
  });
});

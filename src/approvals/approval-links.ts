/**
 * Approval links for email: signed, expiring, single-use.
 *
 * A token is `v1.<claims>.<mac>`: the claims (approval, person, intent, nonce, expiry) as base64url
 * JSON and an HMAC-SHA256 over `v1.<claims>` with the configured secret. Anyone can read a token;
 * nobody without the secret can make or alter one. The nonce is stored when the link is issued and
 * marked used by a compare-and-set when the link is redeemed, so a link decides at most once.
 *
 * Opening a link must never decide anything (mail scanners and link-preview bots fetch URLs), so
 * there are two calls: `inspect` for the confirmation page (GET) changes nothing, and `redeem`
 * (the page's POST) uses the link up and records the decision.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { Clock } from '../lib/clock.ts';
import type { LinkIntent } from './approval-model.ts';
import type { ApprovalRepository } from './approval-repository.ts';
import type { ApprovalService } from './approval-service.ts';
import { ApprovalLinkError, ApprovalLinkSecretError, ApprovalRefusedError } from './errors.ts';
import { choiceOfDecision } from './choices.ts';
import type { Approval } from './lifecycle.ts';
import { openSlots, recordOf } from './lifecycle.ts';

const VERSION = 'v1';

const ClaimsSchema = z.strictObject({
  a: z.string().min(1),
  p: z.string().min(1),
  i: z.enum(['approve', 'reject']),
  n: z.string().min(16),
  e: z.number().int(),
});

export interface ApprovalLinkClaims {
  approvalId: string;
  personId: string;
  intent: LinkIntent;
  nonce: string;
  expiresAt: number;
}

/** At least 32 characters: the HMAC key is only as strong as the secret. */
export const MIN_LINK_SECRET_LENGTH = 32;

function mac(secret: string, signed: string): Buffer {
  return createHmac('sha256', secret).update(signed, 'utf8').digest();
}

export function signApprovalLinkToken(claims: ApprovalLinkClaims, secret: string): string {
  const body = { a: claims.approvalId, p: claims.personId, i: claims.intent, n: claims.nonce, e: claims.expiresAt };
  const signed = `${VERSION}.${Buffer.from(JSON.stringify(body), 'utf8').toString('base64url')}`;
  return `${signed}.${mac(secret, signed).toString('base64url')}`;
}

/** Checks signature and expiry (pure: no storage). Throws LINK_INVALID or LINK_EXPIRED. */
export function verifyApprovalLinkToken(token: string, secret: string, now: number): ApprovalLinkClaims {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== VERSION)
    throw new ApprovalLinkError('LINK_INVALID', 'this approval link is malformed');
  const signed = `${parts[0]}.${parts[1]}`;
  const given = Buffer.from(parts[2]!, 'base64url');
  const expected = mac(secret, signed);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new ApprovalLinkError('LINK_INVALID', 'this approval link has been altered or was not issued by PsiZero');
  }
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8'));
  } catch {
    throw new ApprovalLinkError('LINK_INVALID', 'this approval link is malformed');
  }
  const parsed = ClaimsSchema.safeParse(raw);
  if (!parsed.success) throw new ApprovalLinkError('LINK_INVALID', 'this approval link is malformed');
  const c = parsed.data;
  if (now >= c.e)
    throw new ApprovalLinkError('LINK_EXPIRED', `this approval link expired at ${new Date(c.e).toISOString()}`);
  return { approvalId: c.a, personId: c.p, intent: c.i, nonce: c.n, expiresAt: c.e };
}

export interface ApprovalLinksOptions {
  secret: string | undefined;
  repository: ApprovalRepository;
  approvals: ApprovalService;
  clock: Clock;
  /** How long a link stays valid (default 72 hours). */
  ttlMs?: number;
}

export interface InspectedLink {
  claims: ApprovalLinkClaims;
  approval: Approval;
}

export class ApprovalLinks {
  private readonly secret: string;
  private readonly repository: ApprovalRepository;
  private readonly approvals: ApprovalService;
  private readonly clock: Clock;
  private readonly ttlMs: number;

  constructor(options: ApprovalLinksOptions) {
    if (options.secret === undefined || options.secret.length < MIN_LINK_SECRET_LENGTH) {
      throw new ApprovalLinkSecretError(
        `approval links need approvals.linkSecret (or PSIZERO_APPROVAL_LINK_SECRET) of at least ${MIN_LINK_SECRET_LENGTH} characters`,
      );
    }
    this.secret = options.secret;
    this.repository = options.repository;
    this.approvals = options.approvals;
    this.clock = options.clock;
    this.ttlMs = options.ttlMs ?? 72 * 3_600_000;
  }

  /** A link for one person and one intent; expires after the TTL or with the link's use. */
  async issue(input: {
    approvalId: string;
    personId: string;
    intent: LinkIntent;
    ttlMs?: number;
  }): Promise<{ token: string; expiresAt: number }> {
    const now = this.clock.now();
    const claims: ApprovalLinkClaims = {
      approvalId: input.approvalId,
      personId: input.personId,
      intent: input.intent,
      nonce: randomBytes(18).toString('base64url'),
      expiresAt: now + (input.ttlMs ?? this.ttlMs),
    };
    await this.repository.saveLink({ ...claims, createdAt: now, usedAt: null });
    return { token: signApprovalLinkToken(claims, this.secret), expiresAt: claims.expiresAt };
  }

  /** For the confirmation page (GET): the approval and the intent, changing nothing. */
  async inspect(token: string): Promise<InspectedLink> {
    const claims = verifyApprovalLinkToken(token, this.secret, this.clock.now());
    const stored = await this.repository.getLink(claims.nonce);
    if (stored === null || stored.approvalId !== claims.approvalId || stored.personId !== claims.personId) {
      throw new ApprovalLinkError('LINK_INVALID', 'this approval link is not known');
    }
    if (stored.usedAt !== null) throw new ApprovalLinkError('LINK_USED', 'this approval link has already been used');
    return { claims, approval: await this.approvals.get(claims.approvalId) };
  }

  /**
   * For the confirmation page's POST: uses the link up and records the decision through the email
   * channel. A rejection without a reason, and an approval without a valid choice (when the action
   * offers choices: the link says "approve", the page's form says which option), are refused
   * before the link is used, so the person can fix the form and submit again.
   */
  async redeem(
    token: string,
    input: { comment?: string | null; reason?: string | null; choice?: string | null } = {},
  ): Promise<Approval> {
    const { claims, approval } = await this.inspect(token);
    if (claims.intent === 'reject' && !input.reason?.trim()) {
      throw new ApprovalRefusedError(
        'REASON_REQUIRED',
        claims.approvalId,
        `rejecting approval ${claims.approvalId} needs a reason`,
      );
    }
    // The same rule decide applies (CHOICE_REQUIRED, UNKNOWN_CHOICE, CHOICE_CONFLICT), checked early for the reason above.
    choiceOfDecision({
      approvalId: approval.id,
      record: recordOf(approval),
      decisions: approval.decisions,
      verdict: claims.intent,
      choice: input.choice,
      settlesAll: settlesAllFor(approval, claims.personId),
    });
    if (!(await this.repository.useLink(claims.nonce, this.clock.now()))) {
      throw new ApprovalLinkError('LINK_USED', 'this approval link has already been used');
    }
    return this.approvals.decide({
      approvalId: claims.approvalId,
      by: claims.personId,
      verdict: claims.intent,
      channel: 'email',
      comment: input.comment ?? null,
      reason: input.reason ?? null,
      choice: input.choice ?? null,
    });
  }
}

/** Whether the person would decide as the final decision maker (whose choice is not bound by earlier ones). */
function settlesAllFor(approval: Approval, personId: string): boolean {
  return openSlots(approval).find((e) => e.people.includes(personId))?.settlesAll ?? false;
}

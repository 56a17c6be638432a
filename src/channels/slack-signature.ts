/**
 * Slack's request signing (https://api.slack.com/authentication/verifying-requests-from-slack):
 * `X-Slack-Signature` is `v0=` + hex HMAC-SHA256, under the app's signing secret, of
 * `v0:<X-Slack-Request-Timestamp>:<raw body>`. The raw body must be the exact bytes received:
 * verifying a re-serialised body would accept or reject the wrong requests.
 *
 * A signature alone does not stop someone who captured a request from sending it again. Slack's
 * answer is the five-minute window on the timestamp; within it, `SlackReplayGuard` remembers the
 * signatures it accepted, so the same request is taken once per process. (A replay that reaches
 * another process is still harmless: the approval service refuses a second decision by the same
 * person with DUPLICATE_DECISION or ALREADY_DECIDED.)
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { SlackSignatureError } from './errors.ts';

/** Slack's replay window: requests whose timestamp is further from now than this are refused. */
export const SLACK_REPLAY_WINDOW_MS = 5 * 60_000;

export function slackSignature(secret: string, timestamp: string, rawBody: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${rawBody}`, 'utf8').digest('hex')}`;
}

export interface SlackSignedRequest {
  rawBody: string;
  timestamp: string | undefined;
  signature: string | undefined;
}

/** Throws SlackSignatureError (MISSING, STALE or INVALID); returns the request time in ms. */
export function verifySlackSignature(request: SlackSignedRequest, secret: string, now: number): number {
  const { timestamp, signature, rawBody } = request;
  if (!timestamp || !signature) {
    throw new SlackSignatureError('SLACK_SIGNATURE_MISSING', 'the request carries no Slack signature');
  }
  if (!/^\d{1,12}$/.test(timestamp))
    throw new SlackSignatureError('SLACK_SIGNATURE_INVALID', 'the Slack request timestamp is malformed');
  const sentAt = Number(timestamp) * 1000;
  // Checked before the signature too: an old request is refused however well it is signed.
  if (Math.abs(now - sentAt) > SLACK_REPLAY_WINDOW_MS) {
    throw new SlackSignatureError(
      'SLACK_REQUEST_STALE',
      'the Slack request is older than five minutes (or from the future)',
    );
  }
  const expected = Buffer.from(slackSignature(secret, timestamp, rawBody), 'utf8');
  const given = Buffer.from(signature, 'utf8');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new SlackSignatureError('SLACK_SIGNATURE_INVALID', 'the Slack signature does not match the request');
  }
  return sentAt;
}

/**
 * Signatures accepted in the last five minutes (per process). Each entry is dropped once its
 * timestamp leaves the window, after which the stale check refuses the request anyway.
 */
export class SlackReplayGuard {
  private readonly seen = new Map<string, number>();

  /** Records the signature; false if it was already accepted (a replay). */
  accept(signature: string, sentAt: number, now: number): boolean {
    for (const [sig, at] of this.seen) {
      if (now - at > SLACK_REPLAY_WINDOW_MS) this.seen.delete(sig);
    }
    if (this.seen.has(signature)) return false;
    this.seen.set(signature, sentAt);
    return true;
  }
}

/**
 * Why a delivery failed, as stable codes. `retryable` tells the engine whether another attempt of
 * the delivery step can help: a server that is down or busy, yes; a recipient the server refuses
 * or credentials it rejects, no (those need a person to fix the configuration or the directory).
 */
import { PsiZeroError, type ErrorKind } from '../lib/errors.ts';

export const CHANNEL_ERROR_CODES = [
  /** The SMTP server could not be reached, timed out, or answered with a temporary (4xx) error. */
  'EMAIL_UNAVAILABLE',
  /** The SMTP server refused the message or the recipient for good (5xx). */
  'EMAIL_REJECTED',
  /** The SMTP server refused the configured credentials. */
  'EMAIL_AUTH_FAILED',
  /** Slack could not be reached, timed out, or answered with a server error. */
  'SLACK_UNAVAILABLE',
  /** Slack answered HTTP 429; `details.retryAfterMs` says when to try again. */
  'SLACK_RATE_LIMITED',
  /** Slack answered `{ ok: false, error }`; `details.slackError` is Slack's code. */
  'SLACK_API_ERROR',
  /** The person is not in the directory, or has no address on this channel. */
  'RECIPIENT_UNREACHABLE',
  /** A delivery planned when the channel was configured, run by a process where it is not. */
  'CHANNEL_NOT_CONFIGURED',
  /** The round's deadline passed while the delivery was being retried; the gate's timeout takes over. */
  'DELIVERY_TOO_LATE',
] as const;

export type ChannelErrorCode = (typeof CHANNEL_ERROR_CODES)[number];

const CHANNEL_ERROR_KIND: Readonly<Record<ChannelErrorCode, ErrorKind>> = {
  EMAIL_UNAVAILABLE: 'unavailable',
  EMAIL_REJECTED: 'invalid',
  EMAIL_AUTH_FAILED: 'internal',
  SLACK_UNAVAILABLE: 'unavailable',
  SLACK_RATE_LIMITED: 'rate_limited',
  SLACK_API_ERROR: 'internal',
  RECIPIENT_UNREACHABLE: 'not_found',
  CHANNEL_NOT_CONFIGURED: 'internal',
  DELIVERY_TOO_LATE: 'conflict',
};

export type ChannelName = 'email' | 'slack' | 'dashboard';

export class ChannelError extends PsiZeroError {
  declare readonly code: ChannelErrorCode;
  readonly channel: ChannelName;

  constructor(
    code: ChannelErrorCode,
    channel: ChannelName,
    message: string,
    options: { retryable: boolean; details?: unknown; cause?: unknown },
  ) {
    super(code, message, {
      kind: CHANNEL_ERROR_KIND[code],
      retryable: options.retryable,
      details: { channel, ...(options.details as object | undefined) },
      cause: options.cause,
    });
    this.channel = channel;
  }
}

export const SLACK_SIGNATURE_ERROR_CODES = [
  /** The X-Slack-Signature or X-Slack-Request-Timestamp header is missing. */
  'SLACK_SIGNATURE_MISSING',
  /** The signature does not match the body and timestamp under the signing secret. */
  'SLACK_SIGNATURE_INVALID',
  /** The timestamp is more than five minutes away from now (a replay of an old request). */
  'SLACK_REQUEST_STALE',
  /** This exact signed request was already accepted (a replay within the five minutes). */
  'SLACK_REQUEST_REPLAYED',
] as const;

export type SlackSignatureErrorCode = (typeof SLACK_SIGNATURE_ERROR_CODES)[number];

/** A Slack request that cannot be trusted; the interactions endpoint answers 401. */
export class SlackSignatureError extends PsiZeroError {
  declare readonly code: SlackSignatureErrorCode;

  constructor(code: SlackSignatureErrorCode, message: string) {
    super(code, message, { kind: 'unauthenticated', retryable: false });
  }
}

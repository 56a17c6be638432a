/**
 * SMS through Twilio's Programmable Messaging API: `POST {apiBase}/2010-04-01/Accounts/{AccountSid}/Messages.json`,
 * form-encoded `To`, `From` and `Body`, HTTP basic authentication with the Account SID and the auth
 * token. Twilio answers 201 with the Message resource (`sid`, `status: queued`, ...), and errors as
 * `{ code, message, more_info, status }` with the HTTP status:
 *
 * - 429 (Twilio code 20429) and 5xx, a timeout or no answer: SMS_RATE_LIMITED / SMS_UNAVAILABLE,
 *   retryable, so the sending step tries again with the engine's backoff;
 * - 401/403 (code 20003): SMS_AUTH_FAILED; any other 4xx (an invalid number, 21211; an
 *   unsubscribed recipient, 21610; ...): SMS_REJECTED. Neither is retried.
 *
 * Twilio's Messages API takes no idempotency key, so delivery is at least once (like email): a
 * crash after Twilio accepted a message but before the step committed sends it again on the retry.
 * The auth token goes into the Authorization header and nowhere else: never into an error, a
 * detail, a result or a log line.
 */
import type { SmsSender } from './sms-sender.ts';
import { SmsError } from './sms-sender.ts';

export const DEFAULT_TWILIO_API_BASE = 'https://api.twilio.com';

export interface TwilioSmsOptions {
  /** `AC` and 32 hex digits. */
  accountSid: string;
  authToken: string;
  /** The Twilio number messages come from, in E.164. */
  fromNumber: string;
  /** Default https://api.twilio.com; tests point it at a local server. */
  apiBase?: string;
  /** Per request (default 10 s). */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** Twilio's error body. */
interface TwilioErrorBody {
  code?: unknown;
  message?: unknown;
  more_info?: unknown;
  status?: unknown;
}

export class TwilioSmsSender implements SmsSender {
  readonly description: string;
  private readonly url: string;
  private readonly authorization: string;
  private readonly fromNumber: string;
  private readonly timeoutMs: number;
  private readonly fetch: typeof fetch;

  constructor(options: TwilioSmsOptions) {
    const base = (options.apiBase ?? DEFAULT_TWILIO_API_BASE).replace(/\/+$/, '');
    this.url = `${base}/2010-04-01/Accounts/${encodeURIComponent(options.accountSid)}/Messages.json`;
    this.authorization = `Basic ${Buffer.from(`${options.accountSid}:${options.authToken}`).toString('base64')}`;
    this.fromNumber = options.fromNumber;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.fetch = options.fetch ?? fetch;
    this.description = `Twilio (from ${options.fromNumber})`;
  }

  async send(message: { to: string; text: string; idempotencyKey: string }): Promise<{ id: string }> {
    const response = await this.post(
      new URLSearchParams({ To: message.to, From: this.fromNumber, Body: message.text }),
    );
    const body = await response.json().catch(() => null);
    if (response.ok) {
      const sid = (body as { sid?: unknown } | null)?.sid;
      // Accepted is sent, even if the answer is odd: trying again would text the customer twice.
      return { id: typeof sid === 'string' ? sid : 'accepted by Twilio (no sid in the answer)' };
    }
    throw failureOf(response, body as TwilioErrorBody | null);
  }

  private async post(form: URLSearchParams): Promise<Response> {
    try {
      return await this.fetch(this.url, {
        method: 'POST',
        headers: {
          authorization: this.authorization,
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body: form.toString(),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      throw new SmsError('SMS_UNAVAILABLE', `Twilio could not be reached: ${reason}`, { retryable: true });
    }
  }
}

/** Twilio's answer as an SmsError: what Twilio said (code and message), never the request. */
function failureOf(response: Response, body: TwilioErrorBody | null): SmsError {
  const status = response.status;
  const twilioCode = typeof body?.code === 'number' ? body.code : null;
  const said = typeof body?.message === 'string' ? body.message : `HTTP ${status}`;
  const details = {
    status,
    twilioCode,
    moreInfo: typeof body?.more_info === 'string' ? body.more_info : null,
  };
  const tagged = twilioCode === null ? said : `${said} (Twilio error ${twilioCode})`;
  if (status === 429) {
    const retryAfterMs = retryAfter(response.headers.get('retry-after'));
    return new SmsError('SMS_RATE_LIMITED', `Twilio is rate-limiting PsiZero: ${tagged}`, {
      retryable: true,
      details: { ...details, retryAfterMs },
    });
  }
  if (status >= 500 || status === 408)
    return new SmsError('SMS_UNAVAILABLE', `Twilio is unavailable: ${tagged}`, { retryable: true, details });
  if (status === 401 || status === 403)
    return new SmsError('SMS_AUTH_FAILED', `Twilio refused PsiZero's credentials: ${tagged}`, {
      retryable: false,
      details,
    });
  return new SmsError('SMS_REJECTED', `Twilio refused the message: ${tagged}`, { retryable: false, details });
}

/** `Retry-After` in seconds, as milliseconds; null when absent or unreadable. */
function retryAfter(header: string | null): number | null {
  if (header === null || !/^\d+$/.test(header.trim())) return null;
  return Number(header.trim()) * 1000;
}

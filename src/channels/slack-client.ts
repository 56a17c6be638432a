/**
 * A small client for Slack's Web API: `POST {apiBase}/{method}` with a JSON body and the bot token
 * as `Authorization: Bearer xoxb-...`. Slack answers HTTP 200 with `{ ok: false, error }` for most
 * failures, and HTTP 429 with `Retry-After` (seconds) when rate limited; both become ChannelErrors
 * whose `retryable` flag the engine's step retries honour. A short Retry-After is waited out once
 * inside the call (Slack asks for exactly that); a long one is handed to the engine's backoff.
 * The token never appears in an error, a log line or a result.
 */
import type { Clock } from '../lib/clock.ts';
import { systemClock } from '../lib/clock.ts';
import { ChannelError } from './errors.ts';

export const DEFAULT_SLACK_API_BASE = 'https://slack.com/api';

/** Slack error codes that mean "try again later"; every other `ok: false` is a request to fix. */
const RETRYABLE_SLACK_ERRORS = new Set([
  'ratelimited',
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
]);

export interface SlackClientOptions {
  /** The bot token, `xoxb-...`. */
  token: string;
  /** Default https://slack.com/api; tests point it at a local server. */
  apiBase?: string;
  clock?: Clock;
  /** Per request (default 10 s). */
  timeoutMs?: number;
  /** Longest Retry-After waited out inside one call (default 10 s); longer ones throw SLACK_RATE_LIMITED. */
  maxRateLimitWaitMs?: number;
  fetch?: typeof fetch;
}

export interface SlackMessage {
  /** A channel id, or a user id for a direct message from the bot. */
  channel: string;
  /** Fallback text for notifications and clients that cannot show blocks. */
  text: string;
  blocks?: unknown[];
}

export interface SlackPosted {
  channel: string;
  ts: string;
}

export class SlackClient {
  private readonly token: string;
  private readonly apiBase: string;
  private readonly clock: Clock;
  private readonly timeoutMs: number;
  private readonly maxRateLimitWaitMs: number;
  private readonly fetch: typeof fetch;

  constructor(options: SlackClientOptions) {
    this.token = options.token;
    this.apiBase = (options.apiBase ?? DEFAULT_SLACK_API_BASE).replace(/\/+$/, '');
    this.clock = options.clock ?? systemClock;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.maxRateLimitWaitMs = options.maxRateLimitWaitMs ?? 10_000;
    this.fetch = options.fetch ?? fetch;
  }

  async postMessage(message: SlackMessage): Promise<SlackPosted> {
    const res = await this.call('chat.postMessage', { ...message, unfurl_links: false, unfurl_media: false });
    return { channel: String(res.channel), ts: String(res.ts) };
  }

  /** Replaces a message the bot posted (used to show the decision in place of the buttons). */
  async updateMessage(message: SlackMessage & { ts: string }): Promise<void> {
    await this.call('chat.update', { ...message });
  }

  /** A message only `user` sees, in `channel`. */
  async postEphemeral(input: { channel: string; user: string; text: string }): Promise<void> {
    await this.call('chat.postEphemeral', input);
  }

  /** Opens a modal; `triggerId` comes from the interaction and is valid for three seconds. */
  async openView(triggerId: string, view: unknown): Promise<void> {
    await this.call('views.open', { trigger_id: triggerId, view });
  }

  /** One Web API call; resolves with Slack's answer when `ok` is true. */
  async call(method: string, body: Record<string, unknown>): Promise<Record<string, unknown>> {
    let waited = false;
    for (;;) {
      const response = await this.request(method, body);
      if (response.status === 429) {
        const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
        if (!waited && retryAfterMs <= this.maxRateLimitWaitMs) {
          waited = true;
          await this.clock.sleep(retryAfterMs);
          continue;
        }
        throw new ChannelError(
          'SLACK_RATE_LIMITED',
          'slack',
          `Slack rate-limited ${method}; retry after ${Math.ceil(retryAfterMs / 1000)} s`,
          {
            retryable: true,
            details: { method, retryAfterMs },
          },
        );
      }
      return this.answer(method, response);
    }
  }

  private async request(method: string, body: Record<string, unknown>): Promise<Response> {
    try {
      return await this.fetch(`${this.apiBase}/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8', authorization: `Bearer ${this.token}` },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      throw new ChannelError('SLACK_UNAVAILABLE', 'slack', `Slack could not be reached for ${method}: ${reason}`, {
        retryable: true,
        details: { method },
      });
    }
  }

  private async answer(method: string, response: Response): Promise<Record<string, unknown>> {
    if (response.status >= 500) {
      throw new ChannelError('SLACK_UNAVAILABLE', 'slack', `Slack answered ${method} with HTTP ${response.status}`, {
        retryable: true,
        details: { method, status: response.status },
      });
    }
    let parsed: unknown;
    try {
      parsed = await response.json();
    } catch {
      parsed = null;
    }
    if (parsed === null || typeof parsed !== 'object') {
      // A gateway's page instead of Slack's JSON is a glitch worth retrying; a 4xx is a wrong apiBase or method.
      if (response.status < 400 || response.status === 408) {
        throw new ChannelError(
          'SLACK_UNAVAILABLE',
          'slack',
          `Slack answered ${method} with HTTP ${response.status} and no JSON`,
          { retryable: true, details: { method } },
        );
      }
      throw new ChannelError('SLACK_API_ERROR', 'slack', `Slack answered ${method} with HTTP ${response.status}`, {
        retryable: false,
        details: { method, slackError: `http_${response.status}` },
      });
    }
    const answer = parsed as Record<string, unknown>;
    if (answer.ok === true) return answer;
    const slackError = typeof answer.error === 'string' ? answer.error : `http_${response.status}`;
    throw new ChannelError('SLACK_API_ERROR', 'slack', `Slack refused ${method}: ${slackError}`, {
      retryable: RETRYABLE_SLACK_ERRORS.has(slackError),
      details: { method, slackError },
    });
  }
}

/** Retry-After is whole seconds in Slack's answers; a missing or odd value means "a little while". */
function parseRetryAfter(header: string | null): number {
  const seconds = Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? Math.ceil(seconds * 1000) : 30_000;
}

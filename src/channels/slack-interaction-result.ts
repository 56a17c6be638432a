/**
 * What every Slack interaction path shares: the typed result the HTTP layer turns into its answer,
 * the directory person behind a Slack user, and Slack calls made after the fact whose failure must
 * not undo what was recorded.
 */
import type { Logger } from '../lib/logger.ts';
import type { Directory, Person } from '../policy/index.ts';
import { ChannelError } from './errors.ts';
import type { SlackClient } from './slack-client.ts';

export type SlackInteractionOutcome =
  'decided' | 'reason_requested' | 'rated' | 'refused' | 'ignored' | 'invalid' | 'unauthorized';

export interface SlackInteractionResult {
  /** 200 for every request Slack signed (Slack shows an error to the user otherwise); 400 malformed; 401 untrusted. */
  status: 200 | 400 | 401;
  outcome: SlackInteractionOutcome;
  /** Stable code of a refusal or failure (SLACK_SIGNATURE_INVALID, NOT_AUTHORIZED, ...), else null. */
  code: string | null;
  /** What happened, in words (shown to the person in Slack where possible). */
  message: string;
  approvalId: string | null;
  personId: string | null;
  /** JSON to answer with (a modal's validation errors), or null for an empty body. */
  body: Record<string, unknown> | null;
}

export function result(
  status: SlackInteractionResult['status'],
  outcome: SlackInteractionOutcome,
  message: string,
  extra: Partial<SlackInteractionResult> = {},
): SlackInteractionResult {
  return { status, outcome, message, code: null, approvalId: null, personId: null, body: null, ...extra };
}

export function personOf(directory: Directory, slackUserId: string): Person | undefined {
  return directory.people.find((p) => p.slackUserId === slackUserId);
}

/**
 * A Slack call whose failure must not undo what was done (the decision or rating is recorded
 * either way). Returns whether it went through; failures are logged by code, never with the token.
 */
export async function bestEffort(
  client: SlackClient | null,
  logger: Logger,
  method: string,
  call: (client: SlackClient) => Promise<void>,
): Promise<boolean> {
  if (client === null) return false;
  try {
    await call(client);
    return true;
  } catch (err) {
    if (!(err instanceof ChannelError)) throw err;
    logger.warn({ method, code: err.code, message: err.message }, 'slack call after an interaction failed');
    return false;
  }
}

/** Tells the person who clicked something only they see, where they clicked (best effort; nothing without a channel). */
export function ephemeralTo(
  client: SlackClient | null,
  logger: Logger,
  channel: string | null,
  user: string,
): (text: string) => Promise<void> {
  return async (text) => {
    if (channel !== null)
      await bestEffort(client, logger, 'chat.postEphemeral', (c) => c.postEphemeral({ channel, user, text }));
  };
}

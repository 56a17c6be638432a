/**
 * Rating the morning briefing from Slack: a click on one of the message's five buttons, and the
 * comment modal that follows it. The rating is taken AS the directory person whose `slackUserId`
 * is the clicking (or submitting) user; the button's value only names the morning and the score.
 *
 * The click stores the score at once (channel `slack`), so a person who closes the modal has still
 * rated; the modal (views.open, when a bot client and a trigger are there) then asks for an
 * optional comment, and its submission stores the score again with the comment. Rating again
 * replaces the previous rating. A morning without a stored briefing is refused, nothing stored.
 */
import type { Clock } from '../lib/clock.ts';
import type { Logger } from '../lib/logger.ts';
import type { Directory } from '../policy/index.ts';
import type { SlackClient } from './slack-client.ts';
import { bestEffort, ephemeralTo, personOf, result, type SlackInteractionResult } from './slack-interaction-result.ts';
import type { BlockActionsPayload, ViewSubmissionPayload } from './slack-payload.ts';
import { parseRatingMetadata, parseRatingValue } from './slack-payload.ts';
import { SLACK_COMMENT_INPUT, ratingModal, type RatingModalMetadata } from './slack-rating-blocks.ts';

/** Where ratings go (the briefing repository, wired in create-app), so channels stays free of it. */
export interface BriefingRatingPort {
  rate(rating: {
    date: string;
    personId: string;
    rating: number;
    comment: string | null;
    channel: string;
    ratedAt: number;
  }): Promise<void>;
  /** Whether a briefing of that morning is stored. */
  exists(date: string): Promise<boolean>;
}

export interface SlackRatingDeps {
  directory: Directory;
  clock: Clock;
  client: SlackClient | null;
  briefingRatings: BriefingRatingPort;
}

const UNKNOWN_USER =
  "Your Slack account is not linked to anyone in PsiZero's directory, so PsiZero cannot record a rating from it.";

const noBriefing = (date: string) => `There is no morning briefing of ${date} to rate; nothing was recorded.`;

export async function onRatingClick(
  payload: BlockActionsPayload,
  value: string | undefined,
  deps: SlackRatingDeps,
  logger: Logger,
): Promise<SlackInteractionResult> {
  const chosen = parseRatingValue(value);
  if (chosen === null)
    return result(400, 'invalid', 'the button does not name a briefing date and a score from 1 to 5', {
      code: 'VALIDATION_FAILED',
    });
  const channel = payload.container?.channel_id ?? payload.channel?.id ?? null;
  const slackUser = payload.user.id;
  const tell = ephemeralTo(deps.client, logger, channel, slackUser);
  const person = personOf(deps.directory, slackUser);
  if (person === undefined) {
    await tell(UNKNOWN_USER);
    return result(200, 'refused', UNKNOWN_USER, { code: 'UNKNOWN_PERSON' });
  }
  const base = { personId: person.id };
  if (!(await deps.briefingRatings.exists(chosen.date))) {
    await tell(noBriefing(chosen.date));
    return result(200, 'refused', noBriefing(chosen.date), { ...base, code: 'NOT_FOUND' });
  }
  await store(deps, person.id, chosen, null, logger);
  const thanks = `Thank you: you rated the briefing of ${chosen.date} ${chosen.score}/5.`;
  if (deps.client !== null && payload.trigger_id !== undefined) {
    const triggerId = payload.trigger_id;
    const opened = await bestEffort(deps.client, logger, 'views.open', (c) =>
      c.openView(triggerId, ratingModal(chosen)),
    );
    if (opened) return result(200, 'rated', `${thanks} PsiZero asked for an optional comment in a form.`, base);
  }
  await tell(thanks);
  return result(200, 'rated', thanks, base);
}

export async function onRatingSubmission(
  payload: ViewSubmissionPayload,
  deps: SlackRatingDeps,
  logger: Logger,
): Promise<SlackInteractionResult> {
  const metadata = parseRatingMetadata(payload.view.private_metadata);
  if (metadata === null)
    return result(400, 'invalid', 'the form does not say which briefing and score it is for', {
      code: 'VALIDATION_FAILED',
    });
  const formError = (code: string, message: string, personId: string | null): SlackInteractionResult =>
    result(200, 'refused', message, {
      code,
      personId,
      body: { response_action: 'errors', errors: { [SLACK_COMMENT_INPUT]: message } },
    });
  const person = personOf(deps.directory, payload.user.id);
  if (person === undefined) return formError('UNKNOWN_PERSON', UNKNOWN_USER, null);
  if (!(await deps.briefingRatings.exists(metadata.date)))
    return formError('NOT_FOUND', noBriefing(metadata.date), person.id);
  const comment = payload.view.state.values[SLACK_COMMENT_INPUT]?.[SLACK_COMMENT_INPUT]?.value?.trim() ?? '';
  if (comment.length > 2_000)
    return formError('VALIDATION_FAILED', 'Please keep the comment under 2,000 characters.', person.id);
  await store(deps, person.id, metadata, comment === '' ? null : comment, logger);
  return result(200, 'rated', `Thank you: your rating of the briefing of ${metadata.date} is saved.`, {
    personId: person.id,
  });
}

async function store(
  deps: SlackRatingDeps,
  personId: string,
  chosen: RatingModalMetadata,
  comment: string | null,
  logger: Logger,
): Promise<void> {
  await deps.briefingRatings.rate({
    date: chosen.date,
    personId,
    rating: chosen.score,
    comment,
    channel: 'slack',
    ratedAt: deps.clock.now(),
  });
  logger.info(
    { date: chosen.date, personId, rating: chosen.score, comment: comment !== null },
    'briefing rated from slack',
  );
}

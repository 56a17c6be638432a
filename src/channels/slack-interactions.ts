/**
 * Slack's interactions endpoint: a person clicked Approve or Reject on an approval message, or
 * submitted the reject modal. The HTTP layer hands over the raw body and headers and turns the
 * typed result into its answer (`status`, and `body` as JSON when not null, else an empty body).
 *
 * Trust: nothing is read before the signature checks out (HMAC under the signing secret, five-
 * minute window, each signed request once). The decision is taken AS the directory person whose
 * `slackUserId` is the clicking user, through ApprovalService.decide on the `slack` channel, so
 * every rule (eligibility, two-person control, no self-approval) applies as on any channel; the
 * button's value only says which approval.
 *
 * An approval whose action offers choices has one button per option (see slack-blocks.ts): its
 * value names the approval and the option, and the click approves with that choice. A plain
 * Approve click on such an approval is refused (CHOICE_REQUIRED) with a message saying to use an
 * option's button.
 *
 * Rejecting needs a reason, and a button carries none. A Reject click opens a modal (views.open)
 * asking for it; its submission decides. If the modal cannot open (Slack unreachable, or no bot
 * client), the person gets an ephemeral message pointing to the dashboard and the email link.
 *
 * The morning briefing's rating buttons and their comment modal are handled in
 * slack-briefing-rating.ts, with the same signature check and person mapping.
 */
import type { ApprovalService } from '../approvals/index.ts';
import { ApprovalRefusedError, applyDecision } from '../approvals/index.ts';
import type { Clock } from '../lib/clock.ts';
import type { Logger } from '../lib/logger.ts';
import { silentLogger } from '../lib/logger.ts';
import type { PsiZeroError } from '../lib/errors.ts';
import { NotFoundError, ValidationError } from '../lib/errors.ts';
import type { Directory } from '../policy/index.ts';
import { SlackSignatureError } from './errors.ts';
import type { MessageRef } from './slack-blocks.ts';
import { readerZone } from './message.ts';
import {
  SLACK_ACTION_APPROVE,
  SLACK_ACTION_CHOOSE,
  SLACK_ACTION_REJECT,
  SLACK_REASON_INPUT,
  SLACK_REJECT_CALLBACK,
  decidedMessageBlocks,
  rejectModal,
} from './slack-blocks.ts';
import type { SlackClient } from './slack-client.ts';
import type { BlockActionsPayload, ViewSubmissionPayload } from './slack-payload.ts';
import { parseChoiceValue, parseModalMetadata, parseSlackPayload } from './slack-payload.ts';
import { bestEffort, ephemeralTo, personOf, result, type SlackInteractionResult } from './slack-interaction-result.ts';
import {
  onRatingClick,
  onRatingSubmission,
  type BriefingRatingPort,
  type SlackRatingDeps,
} from './slack-briefing-rating.ts';
import { SLACK_ACTION_RATE, SLACK_RATING_CALLBACK } from './slack-rating-blocks.ts';
import type { SlackReplayGuard } from './slack-signature.ts';
import { verifySlackSignature } from './slack-signature.ts';

export type { SlackInteractionOutcome, SlackInteractionResult } from './slack-interaction-result.ts';

export interface SlackInteractionDeps {
  signingSecret: string;
  directory: Directory;
  /** The company's zone (the policy's business calendar): times for people without a directory time zone. */
  timeZone: string;
  approvals: Pick<ApprovalService, 'get' | 'decide'>;
  clock: Clock;
  /** One per process, shared by every request. */
  replayGuard: SlackReplayGuard;
  /** For the reject modal and for showing the decision in the message; null: neither (rejects go to the dashboard). */
  client: SlackClient | null;
  /** Where ratings of the morning briefing go (its buttons and comment modal); null or absent: those are ignored. */
  briefingRatings?: BriefingRatingPort | null;
  logger?: Logger;
}

export type SlackHeaders = Headers | Readonly<Record<string, string | readonly string[] | undefined>>;

function header(headers: SlackHeaders, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name) return typeof value === 'string' ? value : value?.[0];
  }
  return undefined;
}

interface Base {
  approvalId: string | null;
  personId: string | null;
}

export async function handleSlackInteraction(
  rawBody: string,
  headers: SlackHeaders,
  deps: SlackInteractionDeps,
): Promise<SlackInteractionResult> {
  const logger = deps.logger ?? silentLogger;
  const now = deps.clock.now();
  const signature = header(headers, 'x-slack-signature');
  try {
    const sentAt = verifySlackSignature(
      { rawBody, signature, timestamp: header(headers, 'x-slack-request-timestamp') },
      deps.signingSecret,
      now,
    );
    if (!deps.replayGuard.accept(signature!, sentAt, now)) {
      throw new SlackSignatureError('SLACK_REQUEST_REPLAYED', 'this Slack request was already received');
    }
  } catch (err) {
    if (!(err instanceof SlackSignatureError)) throw err;
    logger.warn({ code: err.code }, 'slack interaction refused');
    return result(401, 'unauthorized', err.message, { code: err.code });
  }

  const parsed = parseSlackPayload(rawBody);
  if (!parsed.ok) {
    const err = new ValidationError('invalid Slack interaction payload', parsed.issues);
    return result(400, 'invalid', err.message, { code: err.code });
  }
  const { value } = parsed;
  if (value.kind === 'block_actions') {
    const rate = value.payload.actions.find((a) => a.action_id.startsWith(`${SLACK_ACTION_RATE}_`));
    if (rate === undefined) return onBlockActions(value.payload, deps, logger);
    const ratings = ratingDeps(deps);
    return ratings === null
      ? result(200, 'ignored', NO_RATINGS)
      : onRatingClick(value.payload, rate.value, ratings, logger);
  }
  if (value.kind === 'view_submission') {
    if (value.payload.view.callback_id !== SLACK_RATING_CALLBACK) return onViewSubmission(value.payload, deps, logger);
    const ratings = ratingDeps(deps);
    return ratings === null ? result(200, 'ignored', NO_RATINGS) : onRatingSubmission(value.payload, ratings, logger);
  }
  return result(200, 'ignored', `PsiZero does not handle '${value.type}' interactions`);
}

const NO_RATINGS = 'this process does not take ratings of the morning briefing';

function ratingDeps(deps: SlackInteractionDeps): SlackRatingDeps | null {
  const { briefingRatings, directory, clock, client } = deps;
  return briefingRatings == null ? null : { briefingRatings, directory, clock, client };
}

const UNKNOWN_USER =
  "Your Slack account is not linked to anyone in PsiZero's directory, so PsiZero cannot take a decision from it.";

async function onBlockActions(
  payload: BlockActionsPayload,
  deps: SlackInteractionDeps,
  logger: Logger,
): Promise<SlackInteractionResult> {
  const action = payload.actions.find(
    (a) =>
      a.action_id === SLACK_ACTION_APPROVE ||
      a.action_id === SLACK_ACTION_REJECT ||
      a.action_id.startsWith(SLACK_ACTION_CHOOSE),
  );
  if (action === undefined) return result(200, 'ignored', 'no PsiZero action in this interaction');
  const chosen = action.action_id.startsWith(SLACK_ACTION_CHOOSE) ? parseChoiceValue(action.value) : null;
  if (action.action_id.startsWith(SLACK_ACTION_CHOOSE) && chosen === null) {
    return result(400, 'invalid', 'the button does not name an approval and an option', { code: 'VALIDATION_FAILED' });
  }
  const approvalId = chosen?.approvalId ?? action.value;
  if (!approvalId) return result(400, 'invalid', 'the button carries no approval id', { code: 'VALIDATION_FAILED' });
  const channel = payload.container?.channel_id ?? payload.channel?.id ?? null;
  const ts = payload.container?.message_ts ?? null;
  const where: MessageRef | null = channel !== null && ts !== null ? { channel, ts } : null;
  const slackUser = payload.user.id;
  const base: Base = { approvalId, personId: null };
  const tell = ephemeralTo(deps.client, logger, channel, slackUser);

  const person = personOf(deps.directory, slackUser);
  if (person === undefined) {
    await tell(UNKNOWN_USER);
    return result(200, 'refused', UNKNOWN_USER, { ...base, code: 'UNKNOWN_PERSON' });
  }
  base.personId = person.id;
  try {
    if (action.action_id !== SLACK_ACTION_REJECT) {
      const choice = chosen?.choice ?? null;
      const approval = await deps.approvals.decide({
        approvalId,
        by: person.id,
        verdict: 'approve',
        channel: 'slack',
        choice,
      });
      logger.info(
        {
          approvalId: approval.id,
          personId: person.id,
          verdict: 'approve',
          choice,
          status: approval.status,
        },
        'approval decided from slack',
      );
      if (where !== null)
        await bestEffort(deps.client, logger, 'chat.update', (c) =>
          c.updateMessage({
            ...where,
            ...decidedMessageBlocks(approval, person.id, readerZone(person, deps.timeZone)),
          }),
        );
      return result(
        200,
        'decided',
        `You approved "${approval.title}"${choice === null ? '' : ` with "${choice}"`}; it is now ${approval.status}.`,
        base,
      );
    }
    const approval = await deps.approvals.get(approvalId);
    // The same checks a real decision makes, without one: no point asking for a reason first.
    applyDecision(
      approval,
      { approvalId: approval.id, by: person.id, verdict: 'reject', reason: 'check', channel: 'slack' },
      deps.clock.now(),
      deps.directory,
    );
    if (deps.client !== null && payload.trigger_id !== undefined) {
      const triggerId = payload.trigger_id;
      const opened = await bestEffort(deps.client, logger, 'views.open', (c) =>
        c.openView(triggerId, rejectModal(approval, where)),
      );
      if (opened) return result(200, 'reason_requested', 'PsiZero asked for the reason in a form.', base);
    }
    const text =
      'A rejection needs a reason, and Slack could not show the form for it. Reject from the PsiZero dashboard or with the Reject link in your email.';
    await tell(text);
    return result(200, 'reason_requested', text, { ...base, code: 'REASON_REQUIRED' });
  } catch (err) {
    const refusal = refusalOf(err);
    if (refusal === null) throw err;
    const message =
      refusal.code === 'CHOICE_REQUIRED'
        ? 'This approval asks you to choose one of its options. Click the button of the option you approve (or decide in the PsiZero dashboard); nothing was recorded.'
        : refusal.message;
    await tell(`PsiZero did not record that: ${message}`);
    return result(200, 'refused', message, { ...base, code: refusal.code });
  }
}

async function onViewSubmission(
  payload: ViewSubmissionPayload,
  deps: SlackInteractionDeps,
  logger: Logger,
): Promise<SlackInteractionResult> {
  if (payload.view.callback_id !== SLACK_REJECT_CALLBACK) return result(200, 'ignored', 'not a PsiZero form');
  const metadata = parseModalMetadata(payload.view.private_metadata);
  if (metadata === null)
    return result(400, 'invalid', 'the form does not say which approval it is for', { code: 'VALIDATION_FAILED' });
  const base: Base = { approvalId: metadata.approvalId, personId: null };
  const formError = (code: string, message: string): SlackInteractionResult =>
    result(200, 'refused', message, {
      ...base,
      code,
      body: { response_action: 'errors', errors: { [SLACK_REASON_INPUT]: message } },
    });

  const person = personOf(deps.directory, payload.user.id);
  if (person === undefined) return formError('UNKNOWN_PERSON', UNKNOWN_USER);
  base.personId = person.id;
  const reason = payload.view.state.values[SLACK_REASON_INPUT]?.[SLACK_REASON_INPUT]?.value ?? '';
  try {
    const approval = await deps.approvals.decide({
      approvalId: metadata.approvalId,
      by: person.id,
      verdict: 'reject',
      reason,
      channel: 'slack',
    });
    logger.info(
      {
        approvalId: approval.id,
        personId: person.id,
        verdict: 'reject',
        status: approval.status,
      },
      'approval decided from slack',
    );
    const where = metadata.message;
    if (where !== null)
      await bestEffort(deps.client, logger, 'chat.update', (c) =>
        c.updateMessage({ ...where, ...decidedMessageBlocks(approval, person.id, readerZone(person, deps.timeZone)) }),
      );
    return result(200, 'decided', `You rejected "${approval.title}"; it is now ${approval.status}.`, base);
  } catch (err) {
    const refusal = refusalOf(err);
    if (refusal === null) throw err;
    const message = refusal.code === 'REASON_REQUIRED' ? 'Please say why you reject it.' : refusal.message;
    return formError(refusal.code, message);
  }
}

/** Refusals a person can act on (answered in Slack); anything else is PsiZero's failure and propagates. */
function refusalOf(err: unknown): PsiZeroError | null {
  return err instanceof ApprovalRefusedError || err instanceof NotFoundError ? err : null;
}

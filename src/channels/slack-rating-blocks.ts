/**
 * Rating the morning briefing in Slack: the closing blocks of the briefing message (the scale in
 * words and five buttons, 1 to 5) and the modal that asks for an optional comment once a score is
 * stored. A button's `value` names the morning and the score (`2026-03-09:4`); the interactions
 * handler rates AS the Slack user who clicked, never as anyone the value could name.
 */
import { RATING_SCALE } from './rating-footer.ts';

/** Prefix of the rating buttons' action ids (`briefing_rate_1` .. `briefing_rate_5`: unique within the block). */
export const SLACK_ACTION_RATE = 'briefing_rate';
export const SLACK_RATING_BLOCK = 'briefing_rating';
/** The comment modal's callback id, and its one input (block id and action id). */
export const SLACK_RATING_CALLBACK = 'briefing_rating_comment';
export const SLACK_COMMENT_INPUT = 'comment';

/** What the comment modal carries from the click to its submission. */
export interface RatingModalMetadata {
  date: string;
  score: number;
}

export function encodeRatingValue(date: string, score: number): string {
  return `${date}:${score}`;
}

const plain = (text: string) => ({ type: 'plain_text', text, emoji: true });

function dayOf(date: string): string {
  return new Date(`${date}T12:00:00Z`).toLocaleDateString('en-US', {
    weekday: 'long',
    month: 'long',
    day: 'numeric',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

/** The briefing message's last blocks: the question with its scale, then the five buttons. */
export function ratingBlocks(date: string): Record<string, unknown>[] {
  return [
    { type: 'context', elements: [{ type: 'mrkdwn', text: `*How useful was this briefing?* ${RATING_SCALE}` }] },
    {
      type: 'actions',
      block_id: SLACK_RATING_BLOCK,
      elements: [1, 2, 3, 4, 5].map((score) => ({
        type: 'button',
        action_id: `${SLACK_ACTION_RATE}_${score}`,
        text: plain(String(score)),
        value: encodeRatingValue(date, score),
        accessibility_label: `Rate this briefing ${score} of 5`,
      })),
    },
  ];
}

/** Asks for an optional comment on a score already stored; submitting stores both. */
export function ratingModal(metadata: RatingModalMetadata): Record<string, unknown> {
  return {
    type: 'modal',
    callback_id: SLACK_RATING_CALLBACK,
    private_metadata: JSON.stringify(metadata),
    title: plain('Rate the briefing'),
    submit: plain('Save'),
    close: plain('Skip'),
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: `You rated the briefing of ${dayOf(metadata.date)} *${metadata.score}/5*; it is saved. Anything to add? Rating again replaces it.`,
        },
      },
      {
        type: 'input',
        block_id: SLACK_COMMENT_INPUT,
        optional: true,
        label: plain('Comment (optional)'),
        element: { type: 'plain_text_input', action_id: SLACK_COMMENT_INPUT, multiline: true, max_length: 2_000 },
      },
    ],
  };
}

/**
 * The page behind a rating link in the briefing email: the morning, the score the link chose
 * (changeable) and an optional comment. Opening it changes nothing (mail scanners fetch links);
 * only the form's POST stores the rating.
 */
import type { BriefingRating } from '../../../briefings/index.ts';
import { longDay } from '../../../workflows/briefing/index.ts';
import { h, type Html } from '../html.ts';
import { ratedText, ratingChoices, RATING_WORDS } from './rating-words.ts';

export interface RatingLinkPageInput {
  date: string;
  personName: string;
  /** The score the link chose, or the one sent back with a problem; null: none checked. */
  score: number | null;
  comment: string;
  /** The person's current rating of that morning, from any channel. */
  current: BriefingRating | null;
  problem: string | null;
}

export function ratingLinkView(input: RatingLinkPageInput): Html {
  return h`<div class="card" data-rating-link="confirm"><div class="card-body stack">
  <div><p class="muted small">Rate your morning briefing</p><h1>How useful was the briefing of ${longDay(input.date)}?</h1></div>
  ${input.problem ? h`<div class="notice bad" role="alert">${input.problem}</div>` : ''}
  <form method="post" class="stack">
    <p class="muted">You are rating as <strong>${input.personName}</strong>. Nothing has been recorded yet.</p>
    ${ratingChoices(input.score, 'Your rating (1 = not at all, 5 = exactly what I needed)')}
    <div class="field"><label for="rating-comment">Comment (optional)</label><textarea id="rating-comment" name="comment" rows="3" maxlength="2000">${input.comment}</textarea></div>
    <div class="actions"><button class="btn btn-primary" type="submit">Save rating</button>
    <span class="faint small">or close this page to rate nothing</span></div>
  </form>
  <p class="small faint">${input.current === null ? '' : h`${ratedText(input.current)} `}Rating again replaces your previous rating; this link can be used again until it expires.</p>
</div></div>`;
}

export function ratingLinkDoneView(rating: BriefingRating, personName: string): Html {
  return h`<div class="card" data-rating-link="done"><div class="card-body stack">
  <div><h1>Thank you — you rated it ${rating.rating}/5 (${RATING_WORDS[rating.rating]}).</h1>
  <p class="muted mt-xs">Recorded for ${personName}: the briefing of ${longDay(rating.date)}, rated by email.</p></div>
  ${rating.comment === null ? '' : h`<blockquote class="rating-comment">${rating.comment}</blockquote>`}
  <p class="small faint">Changed your mind? Open the link again: rating again replaces this one.</p>
</div></div>`;
}

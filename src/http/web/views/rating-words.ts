/** The words of a briefing rating, the same on the Briefing page and the emailed rating link's page. */
import type { BriefingRating } from '../../../briefings/index.ts';
import { dateTime } from '../format.ts';
import { h, type Html } from '../html.ts';

export const RATING_WORDS = ['', 'not useful', 'a little useful', 'useful', 'very useful', 'exactly what I needed'];

const CHANNEL_WORDS: Readonly<Record<string, string>> = {
  dashboard: 'the dashboard',
  email: 'email',
  slack: 'Slack',
};

/** "You rated it 4/5 from Slack on Mar 9, 16:05 UTC." */
export function ratedText(rating: BriefingRating): Html {
  const from = CHANNEL_WORDS[rating.channel] ?? rating.channel;
  return h`You rated it ${rating.rating}/5 from <span data-rated-from="${rating.channel}">${from}</span> on ${dateTime(rating.ratedAt)}.`;
}

/** The five radio buttons, `chosen` checked. */
export function ratingChoices(chosen: number | null, legend: string): Html {
  return h`<fieldset class="choices rating-choices"><legend>${legend}</legend>
${[1, 2, 3, 4, 5].map(
  (n) =>
    h`<label class="choice" for="rating-${n}"><input type="radio" id="rating-${n}" name="rating" value="${n}" required${chosen === n ? h` checked` : ''}><span><strong>${n}</strong> <span class="muted">${RATING_WORDS[n]}</span></span></label>`,
)}
</fieldset>`;
}

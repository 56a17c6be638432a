/**
 * The rating footer of a report email (the morning briefing): with rating links, one signed link
 * per score for the email's recipient; without them, the dashboard's rating form. Added at
 * delivery, per recipient, because the message itself is composed once inside the workflow.
 */
import { escapeHtml } from './email-templates.ts';

/** What a report that can be rated says about it (set by the briefing message). */
export interface ReportRating {
  /** The briefing's date. */
  date: string;
  /** Its page in the dashboard, or null without a public URL. */
  pageUrl: string | null;
}

/** Issues a person's signed rating links (src/briefings/rating-links.ts); null when not configured. */
export interface RatingLinkPort {
  linksFor(date: string, personId: string, now: number): { score: number; url: string }[];
}

/** The scale in words, the same wherever a briefing is rated. */
export const RATING_SCALE = '1 = not at all, 5 = exactly what I needed';

const BUTTON =
  'display:inline-block;min-width:20px;padding:6px 12px;margin:0 6px 6px 0;border:1px solid #d1d5db;border-radius:6px;' +
  'text-align:center;text-decoration:none;font-weight:600;color:#111827;background:#f9fafb';

export function ratingFooter(
  rating: ReportRating,
  personId: string,
  links: RatingLinkPort | null,
  now: number,
): { text: string; html: string } | null {
  if (links === null) {
    if (rating.pageUrl === null) return null;
    const url = `${rating.pageUrl}#rate`;
    return {
      text: `Rate it (1-5): ${url}`,
      html: `<p style="margin:8px 0 0"><a href="${escapeHtml(url)}">Rate this briefing (1-5)</a></p>`,
    };
  }
  const scores = links.linksFor(rating.date, personId, now);
  const again = 'You can rate it again: your latest rating counts.';
  return {
    text: [
      '',
      `How useful was this briefing? Rate it (${RATING_SCALE}):`,
      ...scores.map((s) => `${s.score}: ${s.url}`),
      again,
    ].join('\n'),
    html:
      `<p style="margin:16px 0 6px"><strong>How useful was this briefing?</strong> <span style="color:#4b5563">${escapeHtml(RATING_SCALE)}</span></p>` +
      `<p style="margin:0">${scores
        .map(
          (s) =>
            `<a href="${escapeHtml(s.url)}" style="${BUTTON}" title="${escapeHtml(`Rate it ${s.score} of 5`)}">${s.score}</a>`,
        )
        .join('')}</p>` +
      `<p style="margin:0;color:#4b5563;font-size:13px">${escapeHtml(again)}</p>`,
  };
}

/** The message's text and HTML with the footer at the end (inside the body of the HTML document). */
export function withFooter(
  message: { text: string; html: string },
  footer: { text: string; html: string } | null,
): { text: string; html: string } {
  if (footer === null) return message;
  const text = `${message.text.trimEnd()}\n${footer.text}\n`;
  const block = `<div style="max-width:680px;padding:0 16px 16px">${footer.html}</div>`;
  const end = message.html.lastIndexOf('</body>');
  const html = end < 0 ? message.html + block : message.html.slice(0, end) + block + message.html.slice(end);
  return { text, html };
}

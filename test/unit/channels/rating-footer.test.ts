/**
 * The briefing email's rating footer: signed links for the recipient when rating links are
 * configured (every value escaped in the HTML), the dashboard's form otherwise, nothing without a
 * public URL; and the footer placed at the end of the text and inside the HTML document's body.
 */
import { describe, expect, it } from 'vitest';
import { ratingFooter, withFooter, type RatingLinkPort } from '../../../src/channels/index.ts';

const NOW = Date.UTC(2026, 2, 9, 16);
const rating = { date: '2026-03-09', pageUrl: 'https://psizero.example/briefing/2026-03-09' };

/** Links that name their person, with characters HTML must escape. */
const links: RatingLinkPort = {
  linksFor: (date, personId, now) =>
    [1, 2, 3, 4, 5].map((score) => ({
      score,
      url: `https://x.example/r/${date}/${personId}/${now}?score=${score}&"<>`,
    })),
};

describe('the rating footer', () => {
  it('gives the recipient one signed link per score, the scale in words, and escapes the HTML', () => {
    const footer = ratingFooter(rating, 'fiona', links, NOW)!;
    expect(footer.text).toBe(
      [
        '',
        'How useful was this briefing? Rate it (1 = not at all, 5 = exactly what I needed):',
        ...[1, 2, 3, 4, 5].map((s) => `${s}: https://x.example/r/2026-03-09/fiona/${NOW}?score=${s}&"<>`),
        'You can rate it again: your latest rating counts.',
      ].join('\n'),
    );
    expect(footer.html).toContain(`href="https://x.example/r/2026-03-09/fiona/${NOW}?score=4&amp;&quot;&lt;&gt;"`);
    expect(footer.html).not.toContain('"<>');
    expect(ratingFooter(rating, 'olivia', links, NOW)!.text).toContain('/olivia/');
  });

  it('points to the dashboard form without rating links, and is left out without a public URL', () => {
    expect(ratingFooter(rating, 'fiona', null, NOW)).toEqual({
      text: 'Rate it (1-5): https://psizero.example/briefing/2026-03-09#rate',
      html: '<p style="margin:8px 0 0"><a href="https://psizero.example/briefing/2026-03-09#rate">Rate this briefing (1-5)</a></p>',
    });
    expect(ratingFooter({ date: rating.date, pageUrl: null }, 'fiona', null, NOW)).toBeNull();
  });

  it('ends the text with it and puts it inside the HTML body', () => {
    const message = { text: 'Hello\n\nOpen it: x\n', html: '<html><body><div>Hello</div></body></html>' };
    const footer = { text: 'Rate: y', html: '<p>Rate</p>' };
    expect(withFooter(message, footer)).toEqual({
      text: 'Hello\n\nOpen it: x\nRate: y\n',
      html: '<html><body><div>Hello</div><div style="max-width:680px;padding:0 16px 16px"><p>Rate</p></div></body></html>',
    });
    expect(withFooter(message, null)).toBe(message);
  });
});

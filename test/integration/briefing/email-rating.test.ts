/**
 * Rating the morning briefing from its email, end to end on every dialect: the briefing goes out
 * over a real SMTP server with one signed rating link per score for each recipient; opening a link
 * shows the form with its score chosen and stores nothing; the form's POST stores the rating with
 * channel `email` as the token's person; tampered, expired and approval tokens, and a token for
 * someone who gets no briefing, are refused.
 */
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/lib/clock.ts';
import { createApiBed, type ApiBed } from '../../helpers/api-bed.ts';
import { MORNINGS } from '../../helpers/briefing-scenario.ts';
import { databaseFactories } from '../../helpers/databases.ts';
import { startSmtpServer, type TestSmtp } from '../../helpers/smtp-server.ts';

const PUBLIC = 'http://psizero.test';
/** The page posts to itself: the request's own origin (the test's requests go to localhost). */
const ORIGIN = { origin: 'http://localhost' };
const morning = MORNINGS[2];

describe.each(databaseFactories())('rating the briefing by email on $name', (factory) => {
  let bed: ApiBed;
  let smtp: TestSmtp;
  let clock: ManualClock;
  let mails: ParsedMail[];

  const mailTo = (person: string) =>
    mails.find((m) => (Array.isArray(m.to) ? m.to : [m.to]).some((t) => t?.text.includes(`${person}@example.com`)))!;
  /** The path of the link for `score` in the mail's text part. */
  const linkIn = (mail: ParsedMail, score: number) => {
    const url = new RegExp(`^${score}: (${PUBLIC}/briefing-rating/\\S+)$`, 'm').exec(mail.text ?? '')?.[1];
    expect(url, `no link for ${score} in the mail`).toBeDefined();
    return url!.slice(PUBLIC.length);
  };
  const tokenOf = (path: string) => path.split('/')[2]!.split('?')[0]!;
  const page = async (method: 'GET' | 'POST', path: string, form?: Record<string, string>) => {
    const res = await bed.call(method, path, { ...(form && { form }), headers: method === 'POST' ? ORIGIN : {} });
    return { status: res.status, html: await res.text() };
  };
  const rating = (person: string) => bed.app.briefing.repository.ratingOf(morning.date, person);

  beforeAll(async () => {
    smtp = await startSmtpServer();
    clock = new ManualClock(morning.asOf + 60_000);
    bed = await createApiBed(factory, {
      clock,
      links: true,
      config: {
        email: {
          host: '127.0.0.1',
          port: smtp.port,
          requireTls: false,
          from: 'PsiZero <psizero@psizero.test>',
          publicBaseUrl: PUBLIC,
        },
      },
    });
    const { created } = await bed.app.briefing.startLatestMorning();
    expect(created).toBe(true);
    await bed.app.engine.drain();
    mails = smtp.messages.filter((m) => m.subject?.startsWith('Your morning briefing'));
  }, 60_000);

  afterAll(async () => {
    await bed?.close();
    await smtp?.close();
  });

  it('mails each recipient one signed link per score, in the text and the HTML', () => {
    const fiona = mailTo('fiona');
    expect(fiona.text).toContain('How useful was this briefing? Rate it (1 = not at all, 5 = exactly what I needed):');
    expect(fiona.text).toContain('You can rate it again: your latest rating counts.');
    expect(fiona.text).not.toContain('#rate');
    const links = [1, 2, 3, 4, 5].map((s) => linkIn(fiona, s));
    for (const [i, path] of links.entries()) {
      expect(path).toMatch(new RegExp(`^/briefing-rating/r1\\.[\\w-]+\\.[\\w-]+\\?score=${i + 1}$`));
      expect(fiona.html).toContain(`href="${PUBLIC}${path}"`);
    }
    // Per recipient: another person's links carry another token.
    expect(tokenOf(linkIn(mailTo('olivia'), 4))).not.toBe(tokenOf(links[3]!));
    expect(bed.app.briefing.ratingLinks!.verify(tokenOf(links[0]!), clock.now()).personId).toBe('fiona');
  });

  it('shows the form with the link’s score chosen when opened, and stores nothing', async () => {
    const { status, html } = await page('GET', linkIn(mailTo('fiona'), 4));
    expect(status).toBe(200);
    expect(html).toContain('How useful was the briefing of Monday, March 9, 2026?');
    expect(html).toContain('You are rating as <strong>Fiona Finch</strong>. Nothing has been recorded yet.');
    expect(html).toMatch(/id="rating-4" name="rating" value="4" required checked>/);
    expect(html).not.toMatch(/value="[1235]" required checked/);
    expect(html).toContain('Rating again replaces your previous rating');
    expect(await rating('fiona')).toBeNull();
  });

  it('stores the rating the form posts, as the token’s person with channel email; rating again replaces it', async () => {
    const path = linkIn(mailTo('fiona'), 4);
    const done = await page('POST', path, { rating: '5', comment: 'Short and clear' });
    expect(done.status).toBe(200);
    expect(done.html).toContain('Thank you — you rated it 5/5 (exactly what I needed).');
    expect(await rating('fiona')).toEqual({
      date: morning.date,
      personId: 'fiona',
      rating: 5,
      comment: 'Short and clear',
      channel: 'email',
      ratedAt: clock.now(),
    });
    expect(await rating('olivia')).toBeNull();
    const again = await page('GET', path);
    expect(again.html).toMatch(/You rated it 5\/5 from <span data-rated-from="email">email<\/span>/);
    await page('POST', path, { rating: '3' });
    expect(await rating('fiona')).toMatchObject({ rating: 3, comment: null, channel: 'email' });
    // No score chosen: the form again, 400, nothing changed.
    const empty = await page('POST', path, { comment: 'forgot the score' });
    expect(empty.status).toBe(400);
    expect(empty.html).toContain('Please choose a rating from 1 to 5.');
    expect(await rating('fiona')).toMatchObject({ rating: 3 });
    // Another site's form is refused.
    const foreign = await bed.call('POST', path, {
      form: { rating: '1' },
      headers: { origin: 'https://evil.example' },
    });
    expect(foreign.status).toBe(403);
    expect(await rating('fiona')).toMatchObject({ rating: 3 });
  });

  it('refuses a tampered token, an approval token and an expired token, storing nothing', async () => {
    const path = linkIn(mailTo('olivia'), 2);
    const [, , token] = path.split('?')[0]!.split('/') as [string, string, string];
    const [v, claims, mac] = token.split('.') as [string, string, string];
    const forged = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(claims, 'base64url').toString()), p: 'carlos' }),
    ).toString('base64url');
    for (const bad of [`${v}.${forged}.${mac}`, `${v}.${claims}.${mac.slice(0, -3)}xyz`, `v1.${claims}.${mac}`]) {
      const get = await page('GET', `/briefing-rating/${bad}?score=2`);
      expect(get.status).toBe(400);
      expect(get.html).toContain('this rating link');
      expect((await page('POST', `/briefing-rating/${bad}`, { rating: '2' })).status).toBe(400);
    }
    const approval = await bed.call('GET', `/approvals/link/${token}`);
    expect(approval.status).toBe(400);
    // Signed by PsiZero, but for someone whose roles get no briefing (the board): refused too.
    const board = bed.app.briefing
      .ratingLinks!.linksFor(morning.date, 'bianca', clock.now())[0]!
      .url.slice(PUBLIC.length);
    expect((await page('GET', board)).status).toBe(400);
    expect((await page('POST', board.split('?')[0]!, { rating: '5' })).status).toBe(400);
    expect(await rating('bianca')).toBeNull();
    clock.advance(15 * 24 * 3_600_000);
    const expired = await page('POST', path, { rating: '2' });
    expect(expired.status).toBe(410);
    expect(await rating('olivia')).toBeNull();
    expect(await rating('carlos')).toBeNull();
  });
});

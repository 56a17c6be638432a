/**
 * The dashboard's Briefing page over a stored morning of the scenario company: each role reads its
 * own cut, a chart per visible metric with its band, anomalies and target, earlier mornings, and a
 * rating (1-5 and a comment) stored for the feedback workflow; the board and machine keys are kept out.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/lib/clock.ts';
import { createApiBed, type ApiBed, type Creds } from '../../helpers/api-bed.ts';
import { MORNINGS, seedBriefingScenario } from '../../helpers/briefing-scenario.ts';
import { databaseFactories } from '../../helpers/databases.ts';

describe.each(databaseFactories())('the Briefing page on $name', (factory) => {
  let bed: ApiBed;
  const as: Record<string, Creds> = {};
  const [first, second] = [MORNINGS[0], MORNINGS[1]];

  beforeAll(async () => {
    bed = await createApiBed(factory, { clock: new ManualClock(second.asOf + 3_600_000) });
    await seedBriefingScenario(bed.app);
    for (const m of [first, second]) {
      const model = await bed.app.briefing.compose(m.date);
      await bed.app.briefing.repository.save({ date: m.date, asOf: m.asOf, runId: null, composedAt: m.asOf, model });
    }
    for (const id of ['olivia', 'fiona', 'sam', 'tara', 'bianca']) as[id] = await bed.signIn(id);
    as.admin = await bed.key('admin');
  }, 60_000);

  afterAll(async () => {
    await bed?.close();
  });

  const page = async (path: string, who: string) => {
    const res = await bed.call('GET', path, { as: as[who] });
    return { status: res.status, html: await res.text(), location: res.headers.get('location') };
  };
  const charts = (html: string) =>
    [...html.matchAll(/<figure class="chart chart-metric-([a-z0-9_]+)">/g)].map((m) => m[1]);

  it('opens the latest morning, with the owner’s whole briefing and a chart per metric', async () => {
    const latest = await page('/briefing', 'olivia');
    expect(latest.status).toBe(303);
    expect(latest.location).toBe(`/briefing/${second.date}`);
    const { status, html } = await page(`/briefing/${second.date}`, 'olivia');
    expect(status).toBe(200);
    expect(html).toContain('Sunday, March 8, 2026');
    expect(html).toContain('data-section="urgent"');
    expect(html).toContain('System downtime &gt; 1 minute: 3 min of downtime since the last briefing (api 3 min)');
    expect(charts(html)).toEqual([
      'revenue',
      'signups',
      'new_trials',
      'conversions',
      'api_calls',
      'api_error_rate',
      'api_latency_p95',
      'uptime',
      'tickets',
    ]);
    // The revenue chart: the series, the band, the expected line and the target, as SVG with a label.
    const revenue = /<figure class="chart chart-metric-revenue">([\s\S]*?)<\/figure>/.exec(html)![1]!;
    expect(revenue).toMatch(/<svg aria-label="Revenue, last 90 days\. Revenue per day for the 90 days to Mar 7/);
    expect(revenue).toContain('class="band"');
    expect(revenue).toContain('class="expected"');
    expect(revenue).toContain('class="target"');
    expect(revenue).toContain('the target is drawn dashed');
    // The uptime chart's figures: 7 March's outage shows in its table (the band and anomalies: test/unit/http/briefing-charts.test.ts).
    const uptime = /<figure class="chart chart-metric-uptime">([\s\S]*?)<\/figure>/.exec(html)![1]!;
    expect(uptime).toContain('<th scope="row">Mar 7</th><td class="num">99.90%</td>');
    expect(html).toContain(`href="/briefing/${first.date}"`);
  });

  it('gives finance its sections and only the revenue charts', async () => {
    const { html } = await page(`/briefing/${second.date}`, 'fiona');
    expect(charts(html)).toEqual(['revenue', 'conversions']);
    expect(html).not.toContain('data-section="urgent"');
    expect(html).not.toMatch(/API calls:|System health/);
  });

  it('gives a customer-success manager their own customers and no company-wide chart', async () => {
    const tara = await page(`/briefing/${second.date}`, 'tara');
    expect(charts(tara.html)).toEqual([]);
    expect(tara.html).toContain('1 of your customers is affected');
    expect(tara.html).toContain('Blue Hobby');
    const sam = await page(`/briefing/${second.date}`, 'sam');
    expect(sam.html).not.toContain('Blue Hobby');
    expect(sam.html).toContain('Hazel Trial');
  });

  it('stores a rating with its comment, and shows it back', async () => {
    const res = await bed.call('POST', `/briefing/${second.date}/rating`, {
      as: as.fiona,
      form: { rating: '4', comment: 'Revenue first, thank you', _csrf: as.fiona!.csrf! },
      headers: { origin: 'http://localhost' },
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/briefing/${second.date}?done=rated#rate`);
    expect(await bed.app.briefing.repository.ratingOf(second.date, 'fiona')).toMatchObject({
      rating: 4,
      comment: 'Revenue first, thank you',
      channel: 'dashboard',
    });
    const { html } = await page(`/briefing/${second.date}?done=rated`, 'fiona');
    expect(html).toContain('Thank you: your rating is saved.');
    expect(html).toMatch(/id="rating-4" name="rating" value="4" required checked>/);
    expect(html).toContain('Revenue first, thank you</textarea>');
    // Rating again replaces it; a rating outside 1-5 is refused.
    await bed.call('POST', `/briefing/${second.date}/rating`, {
      as: as.fiona,
      form: { rating: '2', _csrf: as.fiona!.csrf! },
      headers: { origin: 'http://localhost' },
    });
    expect((await bed.app.briefing.repository.ratingOf(second.date, 'fiona'))?.rating).toBe(2);
    const bad = await bed.call('POST', `/briefing/${second.date}/rating`, {
      as: as.fiona,
      form: { rating: '9', _csrf: as.fiona!.csrf! },
      headers: { origin: 'http://localhost' },
    });
    expect(bad.status).toBe(400);
  });

  it('says which channel the current rating came from', async () => {
    await bed.app.briefing.repository.rate({
      date: second.date,
      personId: 'olivia',
      rating: 4,
      comment: null,
      channel: 'slack',
      ratedAt: second.asOf + 600_000,
    });
    const { html } = await page(`/briefing/${second.date}`, 'olivia');
    expect(html).toContain(
      'You rated it 4/5 from <span data-rated-from="slack">Slack</span> on <time datetime="2026-03-08T15:10:00.000Z" data-local>Mar 8, 15:10 UTC</time>.',
    );
    expect(html).toMatch(/id="rating-4" name="rating" value="4" required checked>/);
  });

  it('answers 400 for a malformed date, 404 for a morning without a briefing, 403 for the board and keys', async () => {
    expect((await page('/briefing/yesterday', 'olivia')).status).toBe(400);
    expect((await page('/briefing/2026-01-01', 'olivia')).status).toBe(404);
    expect((await page(`/briefing/${second.date}`, 'bianca')).status).toBe(403);
    expect((await page(`/briefing/${second.date}`, 'admin')).status).toBe(403);
  });
});

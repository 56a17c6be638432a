/**
 * The briefing JSON API over two stored mornings of the scenario company: the list with each
 * caller's urgent items and rating, each role's own cut (never a section the role may not see),
 * the text form, the latest morning, and a rating given through the API that the dashboard shows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/lib/clock.ts';
import { AUDIENCE_TOPICS, type PersonalBriefing } from '../../../src/workflows/briefing/index.ts';
import { createApiBed, type ApiBed, type Creds } from '../../helpers/api-bed.ts';
import { CRITICAL, MORNINGS, STORIES, seedBriefingScenario } from '../../helpers/briefing-scenario.ts';
import { databaseFactories } from '../../helpers/databases.ts';

interface Answer {
  status: number;
  body: Record<string, unknown> & { error?: { code: string; issues?: { path: string; message: string }[] } };
}

interface BriefingBody {
  briefing: PersonalBriefing;
  text: string;
  composedAt: number;
}

/** Tara manages Blue Hobby, the customer of the critical ticket (test/helpers/briefing-scenario.ts). */
const TARAS = new Set(STORIES.filter((s) => s.input.csmId === 'tara').map((s) => s.input.id));
const OTHERS = STORIES.filter((s) => s.input.csmId !== 'tara').map((s) => s.input.name);

describe.each(databaseFactories())('the briefing API on $name', (factory) => {
  let bed: ApiBed;
  const as: Record<string, Creds> = {};
  const [first, second] = [MORNINGS[0], MORNINGS[1]];
  const composedAt = second.asOf + 60_000;

  beforeAll(async () => {
    bed = await createApiBed(factory, { clock: new ManualClock(second.asOf + 3_600_000) });
    await seedBriefingScenario(bed.app);
    for (const m of [first, second]) {
      const model = await bed.app.briefing.compose(m.date);
      const at = m === second ? composedAt : m.asOf;
      await bed.app.briefing.repository.save({ date: m.date, asOf: m.asOf, runId: null, composedAt: at, model });
    }
    for (const id of ['olivia', 'carlos', 'fiona', 'hana', 'sam', 'tara', 'bianca']) as[id] = await bed.signIn(id);
    as.admin = await bed.key('admin');
    as.viewer = await bed.key('viewer');
    as.fionasKey = await bed.key('operator', 'fiona');
    as.biancasKey = await bed.key('admin', 'bianca');
  }, 60_000);

  afterAll(async () => {
    await bed?.close();
  });

  const call = async (method: string, path: string, who: string | null, json?: unknown): Promise<Answer> => {
    const res = await bed.call(method, path, {
      as: who === null ? undefined : as[who],
      json,
      headers: { origin: 'http://localhost' },
    });
    return { status: res.status, body: (await res.json()) as Answer['body'] };
  };
  const cutOf = async (who: string, date: string = second.date) => {
    const { status, body } = await call('GET', `/api/briefings/${date}`, who);
    expect(status, JSON.stringify(body)).toBe(200);
    return body as unknown as BriefingBody;
  };
  /** Every item of the cut is about at least one of the audience's topics. */
  const expectTopics = (b: PersonalBriefing, allowed: readonly string[]) => {
    const items = [...b.metrics, ...b.actions, ...b.urgent, ...b.notChecked, ...b.opportunities];
    for (const item of items)
      expect(
        item.topics.some((t) => allowed.includes(t)),
        JSON.stringify(item.topics),
      ).toBe(true);
  };

  it('lists the mornings newest first, with the caller’s urgent items and rating', async () => {
    const owner = await call('GET', '/api/briefings', 'olivia');
    expect(owner.status).toBe(200);
    // 8 March: the 3-minute outage of 7 March and the critical ticket open since 10:00 UTC.
    expect(owner.body.briefings).toEqual([
      { date: second.date, composedAt, urgent: 2, rating: null },
      { date: first.date, composedAt: first.asOf, urgent: 0, rating: null },
    ]);
    expect(CRITICAL.createdAt).toBeLessThan(second.asOf);
    const tara = await call('GET', '/api/briefings?limit=1', 'tara');
    expect(tara.body.briefings).toEqual([{ date: second.date, composedAt, urgent: 1, rating: null }]);
    const fiona = await call('GET', '/api/briefings', 'fiona');
    expect((fiona.body.briefings as { urgent: number }[]).map((b) => b.urgent)).toEqual([0, 0]);
  });

  it('validates the limit with its field path', async () => {
    for (const limit of ['0', '366', 'ten', '1.5']) {
      const { status, body } = await call('GET', `/api/briefings?limit=${limit}`, 'olivia');
      expect(status, limit).toBe(400);
      expect(body.error?.code).toBe('VALIDATION_FAILED');
      expect(body.error?.issues?.map((i) => i.path)).toEqual(['query.limit']);
    }
    const unknown = await call('GET', '/api/briefings?since=2026-03-01', 'olivia');
    expect(unknown.body.error?.issues).toEqual([{ path: 'query.since', message: 'unknown field' }]);
  });

  it('gives the owner the whole briefing, with its text', async () => {
    const { briefing, text, composedAt: at } = await cutOf('olivia');
    expect(at).toBe(composedAt);
    expect(briefing.date).toBe(second.date);
    expect(briefing.reader).toEqual({ id: 'olivia', name: 'Olivia Owens', audience: { kind: 'owner', csmId: null } });
    expect(briefing.urgent.map((u) => u.rule).sort()).toEqual(['critical_support_tickets', 'system_downtime']);
    expect(briefing.metrics.map((m) => m.id)).toEqual([
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
    expect(
      text.startsWith("🌅 Good morning, Olivia! Here's your PsiZero business update for Sunday, March 8, 2026:"),
    ).toBe(true);
    expect(text).toContain('🚨 URGENT');
    expect(text).toContain('System downtime > 1 minute: 3 min of downtime since the last briefing (api 3 min)');
    expect(text).toContain('⚡ AUTONOMOUS ACTIONS COMPLETED');
  });

  it('gives finance (CFO and finance manager) revenue, billing and recovery only: no health or support', async () => {
    for (const who of ['carlos', 'fiona']) {
      const { briefing, text } = await cutOf(who);
      expect(briefing.reader.audience).toEqual({ kind: 'finance', csmId: null });
      expect(briefing.metrics.map((m) => m.id)).toEqual(['revenue', 'conversions']);
      expect(briefing.urgent).toEqual([]);
      expect(briefing.opportunities).toEqual([]);
      expectTopics(briefing, AUDIENCE_TOPICS.finance);
      expect(text).not.toMatch(/Support:|System health:|API calls:|health band|URGENT|OPPORTUNITIES/);
      expect(text).toContain('Revenue:');
    }
  });

  it('gives the head of customer success health, onboarding and support, for every customer', async () => {
    const { briefing, text } = await cutOf('hana');
    expect(briefing.reader.audience).toEqual({ kind: 'customer_success', csmId: null });
    expect(briefing.metrics.map((m) => m.id)).not.toContain('revenue');
    expect(briefing.metrics.map((m) => m.id)).toContain('tickets');
    expectTopics(briefing, AUDIENCE_TOPICS.customer_success);
    expect(briefing.urgent.map((u) => u.rule)).toEqual(['critical_support_tickets']);
    expect(text).not.toContain('Revenue:');
  });

  it('gives a customer-success manager only their own customers and no company-wide figures', async () => {
    const { briefing, text } = await cutOf('tara');
    expect(briefing.reader.audience).toEqual({ kind: 'customer_success', csmId: 'tara' });
    expect(briefing.metrics).toEqual([]);
    expect(briefing.actions).toEqual([]);
    expect(briefing.urgent).toHaveLength(1);
    expect(briefing.urgent[0]!.details.map((d) => d.customer?.id)).toEqual([CRITICAL.customerId]);
    const customers = [
      ...briefing.urgent.flatMap((u) => u.details.map((d) => d.customer!.id)),
      ...briefing.opportunities.map((o) => o.customer.id),
      ...briefing.newCustomers.map((c) => c.id),
      ...briefing.focus.filter((f) => f.kind === 'follow_up' || f.kind === 'upgrade').map((f) => f.ref),
    ];
    expect(customers.length).toBeGreaterThan(1);
    for (const id of customers) expect(TARAS).toContain(id);
    expect(text).toContain('Blue Hobby');
    for (const name of OTHERS) expect(text).not.toContain(name);
    expect(text).not.toMatch(/Revenue:|API calls:|System health:|AUTONOMOUS ACTIONS/);
    const sam = await cutOf('sam');
    expect(JSON.stringify(sam.briefing)).not.toContain('Blue Hobby');
  });

  it('answers the text alone with ?format=text, and the newest morning at /latest', async () => {
    const json = await cutOf('fiona');
    const res = await bed.call('GET', `/api/briefings/${second.date}?format=text`, { as: as.fiona });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await res.text()).toBe(json.text);
    const latest = await cutOf('fiona', 'latest');
    expect(latest).toEqual(json);
    const older = await cutOf('olivia', first.date);
    expect(older.briefing.date).toBe(first.date);
    const bad = await call('GET', `/api/briefings/${second.date}?format=pdf`, 'fiona');
    expect(bad.body.error?.issues?.map((i) => i.path)).toEqual(['query.format']);
  });

  it('reads a key bound to a person as that person, and refuses keys bound to nobody', async () => {
    const { briefing } = await cutOf('fionasKey');
    expect(briefing.reader).toMatchObject({ id: 'fiona', name: 'Fiona Finch', audience: { kind: 'finance' } });
    const unbound = await call('GET', `/api/briefings/${second.date}`, 'admin');
    expect([unbound.status, unbound.body.error?.code]).toEqual([403, 'PERSON_REQUIRED']);
    const viewer = await call('GET', '/api/briefings', 'viewer');
    expect([viewer.status, viewer.body.error?.code]).toEqual([403, 'FORBIDDEN']);
  });

  it('refuses callers none of whose roles gets a briefing (403), and callers without credentials (401)', async () => {
    const paths = [
      ['GET', '/api/briefings'],
      ['GET', '/api/briefings/latest'],
      ['GET', `/api/briefings/${second.date}`],
      ['GET', `/api/briefings/${second.date}/rating`],
      ['POST', `/api/briefings/${second.date}/rating`],
    ] as const;
    for (const [method, path] of paths) {
      const json = method === 'POST' ? { rating: 3 } : undefined;
      for (const who of ['bianca', 'biancasKey']) {
        const res = await call(method, path, who, json);
        expect([res.status, res.body.error?.code], `${method} ${path} as ${who}`).toEqual([403, 'FORBIDDEN']);
      }
      const anonymous = await call(method, path, null, json);
      expect([anonymous.status, anonymous.body.error?.code], `${method} ${path}`).toEqual([401, 'UNAUTHENTICATED']);
    }
    expect(await bed.app.briefing.repository.ratingOf(second.date, 'bianca')).toBeNull();
  });

  it('answers 404 for a morning without a briefing and 400 for a malformed date', async () => {
    for (const path of ['/api/briefings/2026-01-01', '/api/briefings/2026-01-01/rating']) {
      const res = await call('GET', path, 'olivia');
      expect([res.status, res.body.error?.code], path).toEqual([404, 'NOT_FOUND']);
    }
    const rate = await call('POST', '/api/briefings/2026-01-01/rating', 'olivia', { rating: 5 });
    expect(rate.status).toBe(404);
    expect(await bed.app.briefing.repository.ratingOf('2026-01-01', 'olivia')).toBeNull();
    const malformed = await call('GET', '/api/briefings/2026-13-01', 'olivia');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error?.issues?.map((i) => i.path)).toEqual(['path.date']);
  });

  it('stores a rating with the channel api, returns it, lists it, and the dashboard shows it', async () => {
    const before = await call('GET', `/api/briefings/${first.date}/rating`, 'fiona');
    expect([before.status, before.body.error?.code]).toEqual([404, 'NOT_FOUND']);
    const rated = await call('POST', `/api/briefings/${first.date}/rating`, 'fiona', {
      rating: 4,
      comment: '  Revenue first, thank you ',
    });
    expect(rated.status).toBe(200);
    const stored = {
      date: first.date,
      rating: 4,
      comment: 'Revenue first, thank you',
      channel: 'api',
      ratedAt: bed.clock!.now(),
    };
    expect(rated.body).toEqual({ rating: stored });
    expect((await call('GET', `/api/briefings/${first.date}/rating`, 'fiona')).body).toEqual({ rating: stored });
    expect(await bed.app.briefing.repository.ratingOf(first.date, 'fiona')).toEqual({ ...stored, personId: 'fiona' });
    const list = await call('GET', '/api/briefings', 'fiona');
    expect((list.body.briefings as { rating: number | null }[]).map((b) => b.rating)).toEqual([null, 4]);
    // Only Fiona's: the owner's list has no rating.
    const owner = await call('GET', '/api/briefings', 'olivia');
    expect((owner.body.briefings as { rating: number | null }[]).map((b) => b.rating)).toEqual([null, null]);

    const page = await bed.call('GET', `/briefing/${first.date}`, { as: as.fiona });
    const html = await page.text();
    expect(html).toMatch(/id="rating-4" name="rating" value="4" required checked>/);
    expect(html).toContain('Revenue first, thank you</textarea>');

    // Rating again replaces it; an empty comment is none.
    const again = await call('POST', `/api/briefings/${first.date}/rating`, 'fiona', { rating: 2, comment: ' ' });
    expect(again.body).toEqual({ rating: { ...stored, rating: 2, comment: null } });
  });

  it('stores a key’s rating as its person', async () => {
    const rated = await call('POST', `/api/briefings/${second.date}/rating`, 'fionasKey', { rating: 5 });
    expect(rated.body).toMatchObject({ rating: { rating: 5, comment: null, channel: 'api' } });
    expect(await bed.app.briefing.repository.ratingOf(second.date, 'fiona')).toMatchObject({ rating: 5 });
    const unbound = await call('POST', `/api/briefings/${second.date}/rating`, 'admin', { rating: 5 });
    expect([unbound.status, unbound.body.error?.code]).toEqual([403, 'PERSON_REQUIRED']);
  });

  it('refuses a bad rating with the fields’ paths, and stores nothing', async () => {
    const cases: [unknown, string[]][] = [
      [{ rating: 0 }, ['body.rating']],
      [{ rating: 6 }, ['body.rating']],
      [{ rating: 2.5 }, ['body.rating']],
      [{ rating: '4' }, ['body.rating']],
      [{}, ['body.rating']],
      [{ rating: 3, comment: 'x'.repeat(2_001) }, ['body.comment']],
      [{ rating: 3, comment: 7 }, ['body.comment']],
      [{ rating: 3, stars: 3 }, ['body.stars']],
    ];
    for (const [json, paths] of cases) {
      const res = await call('POST', `/api/briefings/${second.date}/rating`, 'hana', json);
      expect(res.status, JSON.stringify(json)).toBe(400);
      expect(res.body.error?.code).toBe('VALIDATION_FAILED');
      expect(res.body.error?.issues?.map((i) => i.path)).toEqual(paths);
    }
    expect(await bed.app.briefing.repository.ratingOf(second.date, 'hana')).toBeNull();
  });
});

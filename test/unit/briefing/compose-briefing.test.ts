/**
 * The briefing composed from constructed source data: every comparison, escalation, action and
 * role's view checked against numbers the test computes itself, and the owner's text whole.
 */
import { describe, expect, it } from 'vitest';
import { addDays } from '../../../src/domain/dates.ts';
import { audienceOf, briefingSections, renderBriefingText } from '../../../src/workflows/briefing/index.ts';
import { HEALTH_NOT_BUILT } from '../../../src/workflows/briefing/sources/index.ts';
import {
  DAY,
  N,
  PEOPLE,
  SINCE,
  collected,
  compose,
  personal,
  revenueCents,
  series,
  window,
} from '../../helpers/briefing-model.ts';

describe('the briefing model', () => {
  const model = compose();
  const metric = (id: string) => model.metrics.find((m) => m.id === id)!;

  it('reports the last whole UTC day before 08:00 in Los Angeles', () => {
    expect(window.day).toBe('2026-03-09');
    expect(model.day).toBe('2026-03-09');
    expect(model.since).toBe(SINCE);
  });

  it('compares revenue with the day before, the same weekday, a month ago, month to date and the target', () => {
    const r = metric('revenue');
    const i = N - 1;
    const yesterday = revenueCents(i - 1, addDays(DAY, -1));
    const weekAgo = revenueCents(i - 7, addDays(DAY, -7));
    const monthAgo = revenueCents(i - 28, '2026-02-09');
    expect(r.value).toBe(500_000);
    expect(r.vsYesterday).toMatchObject({ base: yesterday, delta: 500_000 - yesterday });
    expect(r.vsYesterday!.percent).toBeCloseTo((100 * (500_000 - yesterday)) / yesterday, 10);
    expect(r.vsWeekAgo!.base).toBe(weekAgo);
    expect(r.vsMonthAgo!.base).toBe(monthAgo);
    let mtd = 0;
    let prior = 0;
    for (let d = 1; d <= 9; d++) {
      const march = `2026-03-0${d}`;
      const feb = `2026-02-0${d}`;
      mtd += revenueCents(N - 1 - (9 - d), march);
      prior += revenueCents(N - 1 - (9 - d) - 28, feb);
    }
    expect(r.monthToDate).toMatchObject({ current: mtd, base: prior });
    expect(r.vsTarget).toMatchObject({ actual: 500_000, target: 900_000, expectedToDate: 900_000 });
    expect(r.vsTarget!.change.percent).toBeCloseTo((100 * (500_000 - 900_000)) / 900_000, 10);
  });

  it('gives the detector’s expectation and band for the day, and marks the halved revenue as an anomaly', () => {
    const r = metric('revenue');
    expect(r.expected!.value).toBeGreaterThan(980_000);
    expect(r.expected!.value).toBeLessThan(1_020_000);
    expect(r.expected!.lower).toBeGreaterThan(500_000);
    expect(r.anomaly).toBe(true);
    expect(r.chart.values).toHaveLength(90);
    expect(r.chart.from).toBe(addDays(DAY, -89));
    expect(r.chart.values.at(-1)).toBe(500_000);
    expect(r.chart.anomalies).toContain(DAY);
    expect(r.chart.target!.at(-1)).toBe(900_000);
  });

  it('keeps the band within what a metric can be: no uptime above 100 %, no negative counts', () => {
    const uptime = metric('uptime');
    expect(uptime.expected!.upper).toBe(100);
    expect(uptime.chart.upper.every((v) => v === null || v <= 100)).toBe(true);
    for (const m of model.metrics)
      expect(
        m.chart.lower.every((v) => v === null || v >= 0),
        m.id,
      ).toBe(true);
  });

  it('escalates the revenue variance, the downtime and the critical tickets; health is not checked', () => {
    const [revenue, health, downtime, tickets] = model.checks;
    const expected = metric('revenue').expected!.value;
    expect(revenue).toMatchObject({ rule: 'revenue_variance', status: 'fired', threshold: 10 });
    expect(revenue!.value).toBeCloseTo((100 * (500_000 - expected)) / expected, 10);
    expect(health).toMatchObject({ rule: 'customer_health_drops', status: 'not_checked', value: null });
    expect(health!.summary).toBe(`Customer health not checked: ${HEALTH_NOT_BUILT}.`);
    expect(downtime).toMatchObject({ rule: 'system_downtime', status: 'fired', value: 3, threshold: 1 });
    expect(downtime!.summary).toBe("3 min of downtime since the last briefing (api 3 min), above the policy's 1 min.");
    expect(tickets).toMatchObject({ rule: 'critical_support_tickets', status: 'fired', value: 2, threshold: 0 });
    expect(tickets!.details.map((d) => d.customer?.id)).toEqual(['c1', 'c2']);
  });

  it('keeps a criterion clear at its threshold: exactly one minute of downtime is not above one', () => {
    const sources = collected();
    const system = sources.find((s) => s.name === 'system_health_status')!;
    system.result = {
      status: 'ok',
      data: {
        uptime: series(() => 100),
        overnight: [{ service: 'api', downtimeMinutes: 1, sampledMinutes: 1440, incidents: 1 }],
      },
    };
    const check = compose(sources).checks.find((c) => c.rule === 'system_downtime')!;
    expect(check).toMatchObject({ status: 'clear', value: 1 });
  });

  it('counts what PsiZero did on its own from the audit entries, each figure with the entries it counts', () => {
    expect(model.actions.map((a) => [a.id, a.count, a.cents, a.auditSeqs])).toEqual([
      ['invoices_processed', 3, 2_900 + 9_900 + 4_900, [11, 12, 13]],
      ['payments_recovered', 1, 2_900, [14]],
      ['invoices_written_off', 1, 1_500, [16]],
      ['access_restricted', 1, null, [17]],
    ]);
    expect(model.actions[0]!.text).toBe(
      'Processed 3 invoices ($177 total): 2 paid ($128), 1 handed to payment recovery',
    );
  });

  it('names a source that did not answer as unavailable', () => {
    expect(model.sources.filter((s) => s.status === 'unavailable')).toEqual([
      {
        name: 'customer_health_changes',
        title: 'customer health changes',
        status: 'unavailable',
        reason: HEALTH_NOT_BUILT,
      },
    ]);
  });
});

describe('each role sees only its sections', () => {
  const model = compose();

  it('maps directory roles to audiences; the board gets no daily briefing', () => {
    expect(audienceOf(PEOPLE.olivia)).toEqual({ kind: 'owner', csmId: null });
    expect(audienceOf(PEOPLE.fiona)).toEqual({ kind: 'finance', csmId: null });
    expect(audienceOf(PEOPLE.hana)).toEqual({ kind: 'customer_success', csmId: null });
    expect(audienceOf(PEOPLE.sam)).toEqual({ kind: 'customer_success', csmId: 'sam' });
    expect(audienceOf(PEOPLE.bianca)).toBeNull();
  });

  it('the owner sees every figure, every urgent item and every action', () => {
    const b = personal(model, 'olivia');
    expect(b.urgent.map((u) => u.rule)).toEqual(['revenue_variance', 'system_downtime', 'critical_support_tickets']);
    expect(b.metrics.map((m) => m.id)).toEqual(model.metrics.map((m) => m.id));
    expect(b.actions).toHaveLength(4);
    expect(b.opportunities).toHaveLength(2);
    // Both opportunities' customers have a customer-success manager: theirs to follow up, not the owner's.
    expect(b.focus.map((f) => f.kind)).toEqual(['urgent', 'urgent', 'urgent']);
  });

  it('finance sees revenue, billing and recovery, and the approval waiting for them', () => {
    const b = personal(model, 'fiona');
    expect(b.urgent.map((u) => u.rule)).toEqual(['revenue_variance']);
    expect(b.metrics.map((m) => m.id)).toEqual(['revenue', 'conversions']);
    expect(b.actions.map((a) => a.id)).toEqual([
      'invoices_processed',
      'payments_recovered',
      'invoices_written_off',
      'access_restricted',
    ]);
    expect(b.opportunities).toEqual([]);
    expect(b.unavailable).toEqual([]);
    expect(b.focus.map((f) => [f.kind, f.text])).toEqual([
      ['urgent', 'Act on the escalation: revenue variance > 10%'],
      ['approval', 'Decide “Write off PZ-7 ($1,200)” by Mar 10, 10:00'],
    ]);
    const text = renderBriefingText(briefingSections(b));
    expect(text).not.toMatch(/API calls|Uptime|downtime|ticket|trial using/);
  });

  it('the head of customer success sees onboarding, support and health (unavailable), not money', () => {
    const b = personal(model, 'hana');
    expect(b.urgent.map((u) => u.rule)).toEqual(['critical_support_tickets']);
    expect(b.metrics.map((m) => m.id)).toEqual(['signups', 'new_trials', 'conversions', 'tickets']);
    expect(b.actions).toEqual([]);
    expect(b.notChecked.map((c) => c.rule)).toEqual(['customer_health_drops']);
    expect(b.unavailable.map((u) => u.name)).toEqual(['customer_health_changes']);
    const text = renderBriefingText(briefingSections(b));
    expect(text).not.toMatch(/Revenue|\$|invoice/);
  });

  it('a customer-success manager sees their own customers only, and no company-wide figure', () => {
    const sam = personal(model, 'sam');
    expect(sam.metrics).toEqual([]);
    expect(sam.urgent).toHaveLength(1);
    expect(sam.urgent[0]!.details.map((d) => d.customer!.id)).toEqual(['c1']);
    expect(sam.urgent[0]!.summary).toBe('1 of your customers is affected (critical support tickets > 0).');
    expect(sam.opportunities.map((o) => o.customer.id)).toEqual(['c1']);
    expect(sam.newCustomers).toEqual([]);
    const tara = personal(model, 'tara');
    expect(tara.urgent[0]!.details.map((d) => d.customer!.id)).toEqual(['c2']);
    expect(tara.opportunities.map((o) => [o.kind, o.customer.id])).toEqual([['engaged_trial', 'c2']]);
    expect(tara.newCustomers.map((c) => c.id)).toEqual(['c5']);
    const text = renderBriefingText(briefingSections(tara));
    expect(text).not.toMatch(/One Co|Four Direct|Revenue|API calls|AUTONOMOUS/);
    expect(text).toContain('Two Trial');
  });
});

describe('the text', () => {
  it('reads like the seed’s sample, every figure from the data', () => {
    const model = compose();
    const b = personal(model, 'olivia');
    const r = model.metrics.find((m) => m.id === 'revenue')!;
    const usd = (c: number) => `$${Math.round(c / 100).toLocaleString('en-US')}`;
    const variance = Math.abs((100 * (500_000 - r.expected!.value)) / r.expected!.value).toFixed(1);
    const yesterday = r.vsYesterday!;
    const weekAgo = r.vsWeekAgo!;
    const pct = (p: number) => `${p > 0 ? '+' : '−'}${Math.abs(p).toFixed(1)}%`;
    const text = renderBriefingText(briefingSections(b));
    const expected = [
      "🌅 Good morning, Olivia! Here's your PsiZero business update for Tuesday, March 10, 2026:",
      '',
      '🚨 URGENT',
      `• Revenue variance > 10%: Revenue $5,000 is ${variance}% below the expected ${usd(r.expected!.value)} (usual range ${usd(r.expected!.lower)}–${usd(r.expected!.upper)}); the policy escalates a variance over 10%.`,
      "• System downtime > 1 minute: 3 min of downtime since the last briefing (api 3 min), above the policy's 1 min.",
      '   – api: 3 min down in 1 incident',
      "• Critical support tickets > 0: 2 critical support tickets open, above the policy's 0.",
      '   – One Co: “Webhook signature failing” (t1, opened Mar 9, 12:00)',
      '   – Two Trial: “Data missing” (t4, opened Mar 10, 03:00)',
      '',
      '📊 OVERNIGHT PERFORMANCE (Monday, March 9, 2026)',
      `• Revenue: $5,000 (${pct(yesterday.percent!)} vs ${usd(yesterday.base)} the day before, ${pct(weekAgo.percent!)} vs ${usd(weekAgo.base)} the Monday before, −44.4% vs $9,000 target)`,
    ];
    expect(text.split('\n').slice(0, expected.length)).toEqual(expected);
    expect(text).toContain('• New customers: 4 sign-ups, 2 trials started, 1 paid conversion');
    expect(text).toContain('• Signed up: Four Direct, Five Trial (trial)');
    expect(text).toContain(
      '• System health: 99.93% uptime, API p95 latency 201 ms, 3 min of downtime since the last briefing',
    );
    expect(text).toContain(
      `• Not available this morning: customer health changes (${HEALTH_NOT_BUILT}), so “customer health drops > 5 customers” was not checked`,
    );
    expect(text).not.toContain('Customer health not checked');
    expect(text).toContain(
      '⚡ AUTONOMOUS ACTIONS COMPLETED\n• Processed 3 invoices ($177 total): 2 paid ($128), 1 handed to payment recovery\n• Recovered 1 failed payment ($29)\n• Wrote off 1 unpaid invoice ($15) within the Level 1 limit\n• Restricted API access once for unpaid invoices\n',
    );
    expect(text).toContain(
      "🎯 OPPORTUNITIES IDENTIFIED\n• Two Trial (trial until 2026-03-16) used the API on 7 of the last 7 days with 3 people: 3,500 calls\n• One Co used 92% of the hobby plan's 250,000 monthly calls in the last 30 days: an upgrade conversation\n",
    );
    expect(text).toContain(
      "📋 TODAY'S FOCUS AREAS\n1. Act on the escalation: revenue variance > 10%\n2. Act on the escalation: system downtime > 1 minute\n3. Act on the escalation: critical support tickets > 0\n\n",
    );
    // Each customer's follow-up is in their customer-success manager's plan.
    expect(renderBriefingText(briefingSections(personal(model, 'tara')))).toContain(
      '2. Follow up with Two Trial, a trial using the product every day\n',
    );
    expect(renderBriefingText(briefingSections(personal(model, 'sam')))).toContain(
      "2. Propose an upgrade to One Co, close to its plan's included calls\n",
    );
    expect(text.endsWith('\nReady to dive into any of these areas?')).toBe(true);
  });

  it('says briefly when a section has nothing to say', () => {
    const sources = collected().map((s) =>
      s.name === 'autonomous_actions'
        ? { ...s, result: { status: 'ok' as const, data: { entries: [] } } }
        : s.name === 'opportunities'
          ? { ...s, result: { status: 'ok' as const, data: { engagedTrials: [], nearQuota: [] } } }
          : s,
    );
    const text = renderBriefingText(briefingSections(personal(compose(sources), 'fiona')));
    expect(text).toContain('⚡ AUTONOMOUS ACTIONS COMPLETED\n• Nothing in your areas since the last briefing.\n');
    // Finance has no opportunity section at all; the owner's says none were found.
    expect(text).not.toContain('OPPORTUNITIES');
    const owner = renderBriefingText(briefingSections(personal(compose(sources), 'olivia')));
    expect(owner).toContain('🎯 OPPORTUNITIES IDENTIFIED\n• None found this morning.\n');
  });

  it('names a trend distinguishable from noise with its pace in the metric’s unit', () => {
    const sources = collected();
    const support = sources.find((s) => s.name === 'support_ticket_volume')!;
    const data = (support.result as { data: Record<string, unknown> }).data;
    // One more ticket every day: a 28-day rise of 1 a day (Theil-Sen), far from noise (Mann-Kendall).
    support.result = { status: 'ok', data: { ...data, created: series((i) => 10 + i) } };
    const owner = personal(compose(sources), 'olivia');
    const tickets = owner.metrics.find((m) => m.id === 'tickets')!;
    expect(tickets.trend28).toMatchObject({ direction: 'up', slope: 1 });
    expect(renderBriefingText(briefingSections(owner))).toContain(
      'Support tickets rising over the last 28 days (about +1 a day)',
    );
  });
});

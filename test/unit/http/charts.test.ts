/** The chart module: Observable Plot on a linkedom document, inline SVG the page's CSP accepts, accessible. */
import * as Plot from '@observablehq/plot';
import { describe, expect, it } from 'vitest';
import { renderChart, renderSvg } from '../../../src/http/web/charts/render-chart.ts';
import { funnelChart, recoveredChart } from '../../../src/http/web/views/billing-charts.ts';
import { recoveryMetrics } from '../../../src/domain/billing/index.ts';
import type { RecoveryCase } from '../../../src/domain/billing/index.ts';
import { recoveryCase } from '../../helpers/recovery-case.ts';

const spec = {
  kind: 'test',
  title: 'Paid by R&D <Labs>',
  summary: 'Two "bars" & a rule',
  plot: { marks: [Plot.barX([{ n: 3, who: 'Acme <b>&' }], { x: 'n', y: 'who', title: 'who' }), Plot.ruleX([0])] },
};

const recovery = (o: Partial<RecoveryCase>): RecoveryCase => recoveryCase({ failedAt: Date.UTC(2026, 2, 1), ...o });

describe('renderChart', () => {
  it('renders an SVG without inline styles (the CSP allows only our stylesheet)', () => {
    const svg = renderSvg(spec);
    expect(svg.startsWith('<svg ')).toBe(true);
    expect(svg).not.toMatch(/<style[\s>]/);
    expect(svg).not.toMatch(/\sstyle="/);
    expect(svg).toContain('class="psz-chart test"');
  });

  it('is an image with a label and a title, and escapes what it quotes', () => {
    const svg = renderSvg(spec);
    expect(svg).toContain('role="img"');
    expect(svg).toContain('aria-label="Paid by R&amp;D &lt;Labs&gt;. Two &quot;bars&quot; &amp; a rule"');
    expect(svg).toContain('<title>Paid by R&amp;D &lt;Labs&gt;</title>');
    expect(svg).toContain('Acme &lt;b&gt;&amp;');
    expect(svg).not.toContain('<b>');
  });

  it('puts the figures in a table beside the chart and its colour keys under it', () => {
    const html = String(
      renderChart({
        ...spec,
        table: { columns: ['Who', 'Count'], rows: [['Acme <b>', '3']], numeric: [1] },
        keys: [{ label: 'paid', colour: '#1f8a4c' }],
      }),
    );
    expect(html).toContain('<figure class="chart chart-test">');
    expect(html).toContain('<th scope="row">Acme &lt;b&gt;</th><td class="num">3</td>');
    expect(html).toContain('fill="#1f8a4c"');
    expect(html).toContain('paid</span>');
  });

  it('refuses Plot output that is not a bare SVG (a legend would bring inline styles)', () => {
    expect(() => renderSvg({ ...spec, plot: { ...spec.plot, title: 'x' } })).toThrow(/no Plot titles/);
  });
});

describe('billing charts', () => {
  it('draws one funnel row per attempt, the paid part only where an attempt collected', () => {
    const cases = [
      recovery({
        invoiceId: 'a',
        attempts: 2,
        status: 'recovered',
        recoveredAttempt: 2,
        recoveredAt: Date.UTC(2026, 2, 2),
      }),
      recovery({ invoiceId: 'b', attempts: 3 }),
    ];
    const html = String(funnelChart(recoveryMetrics(cases, new Map())));
    expect(html).toContain(
      'aria-label="Recovery funnel. First charge: 0 paid, 2 still unpaid; Attempt 2: 1 paid, 1 still unpaid; Attempt 3: 0 paid, 1 still unpaid"',
    );
    expect(html.match(/<g[^>]*class="bar-paid"[^>]*>(.*?)<\/g>/)?.[1]?.match(/<rect/g)).toHaveLength(1);
    expect(html.match(/<g[^>]*class="bar-unpaid"[^>]*>(.*?)<\/g>/)?.[1]?.match(/<rect/g)).toHaveLength(3);
    expect(html.match(/<tr><th scope="row">/g)).toHaveLength(3);
  });

  it('says so instead of drawing an empty chart', () => {
    expect(String(funnelChart(recoveryMetrics([], new Map())))).toContain('No failed payments yet');
    const weeks = [{ weekStart: '2026-03-02', recoveredCents: 0, writtenOffCents: 0 }];
    expect(String(recoveredChart(weeks))).toContain('Nothing recovered or written off yet');
  });

  it('draws recovered and written-off dollars by week', () => {
    const html = String(
      recoveredChart([
        { weekStart: '2026-02-23', recoveredCents: 0, writtenOffCents: 0 },
        { weekStart: '2026-03-02', recoveredCents: 123_400, writtenOffCents: 9_900 },
      ]),
    );
    expect(html).toContain('$1,234 recovered and $99 written off in the 2 weeks from Feb 23.');
    expect(html).toContain('<title>Week of Mar 2: $1,234 recovered</title>');
    expect(html).toContain('<th scope="row">Mar 2</th><td class="num">$1,234</td><td class="num">$99</td>');
  });
});

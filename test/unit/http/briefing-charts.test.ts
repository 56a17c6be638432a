/** A metric's 90-day chart: the series, the detector's band and expectation, the anomalies, the target, and the table. */
import { describe, expect, it } from 'vitest';
import { metricChart } from '../../../src/http/web/views/briefing-charts.ts';
import { METRICS, analyzeMetric } from '../../../src/workflows/briefing/index.ts';

const revenue = METRICS.find((m) => m.id === 'revenue')!;
const from = '2026-01-01';
const N = 120;
const day = '2026-04-30';
/** $10,000 a day ± $300 by weekday, halved on the last day; a $9,000 target. */
const values = Array.from({ length: N }, (_, i) => (i === N - 1 ? 500_000 : 1_000_000 + 10_000 * (((i * 3) % 7) - 3)));

describe('the briefing’s metric chart', () => {
  const report = analyzeMetric(revenue, { from, values }, { from, values: values.map(() => 900_000) }, day);
  const html = String(metricChart(report));

  it('draws the series, the band, the expected value, the target, and marks the anomaly', () => {
    expect(report.anomaly).toBe(true);
    expect(html).toContain('<figure class="chart chart-metric-revenue">');
    for (const part of ['class="band"', 'class="expected"', 'class="target"', 'class="series"', 'class="anomaly"'])
      expect(html).toContain(part);
    expect(html).toMatch(
      /aria-label="Revenue, last 90 days\. Revenue per day for the 90 days to Apr 30: \$5,000 on Apr 30, against a usual range of \$[\d,]+ to \$[\d,]+; 1 anomaly \(Apr 30\); the target is drawn dashed\."/,
    );
    // The figures as a table: 90 rows, the last one the anomaly.
    const rows = [...html.matchAll(/<tr><th scope="row">/g)];
    expect(rows).toHaveLength(90);
    expect(html).toMatch(
      /<th scope="row">Apr 30<\/th><td class="num">\$5,000<\/td><td class="num">\$[\d,]+<\/td><td class="">\$[\d,]+ – \$[\d,]+<\/td><td class="">\$9,000<\/td><td class="">yes<\/td>/,
    );
  });

  it('keeps the CSP: no style attribute or element in the SVG', () => {
    expect(html).not.toMatch(/<style|style="/);
  });

  it('says so when the metric has no figures in the 90 days', () => {
    const empty = analyzeMetric(revenue, { from, values: values.map(() => null) }, null, day);
    expect(String(metricChart(empty))).toContain('<h3>No figures yet</h3>');
  });
});

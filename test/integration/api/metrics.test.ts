/** /metrics: engine counters from the observer hook, and gauges computed from the database at scrape time. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/lib/clock.ts';
import { createApiBed, type ApiBed } from '../../helpers/api-bed.ts';
import { T0 } from '../../helpers/engine.ts';
import { databaseFactories } from '../../helpers/databases.ts';

/** The value of one sample line, e.g. `psizero_runs{workflow="x",status="y"}`. */
function sample(text: string, name: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line === undefined ? undefined : Number(line.slice(name.length + 1));
}

describe.each(databaseFactories())('metrics on $name', (factory) => {
  let bed: ApiBed;
  let clock: ManualClock;
  beforeEach(async () => {
    clock = new ManualClock(T0);
    bed = await createApiBed(factory, { clock });
  });
  afterEach(async () => {
    await bed.close();
  });

  it('counts runs and steps, and reports runs, timers and open approvals from the store', async () => {
    await bed.app.engine.start('demo.order', { orderId: 'o-1', amountUsd: 20 });
    await bed.app.engine.start('demo.order', { orderId: 'o-2', amountUsd: 5, failShipping: true });
    await bed.app.engine.start('demo.await-payment', { orderId: 'never' });
    await bed.app.engine.runUntil(T0 + 10_000);
    await bed.refund({ amountUsd: 2_000 });
    clock.advance(30 * 60_000);

    const prometheus = await bed.key('viewer');
    const res = await bed.call('GET', '/metrics', { as: prometheus });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    const started = sample(text, 'psizero_runs_started_total{workflow="demo.order"}')!;
    expect(started).toBe(2);
    expect(sample(text, 'psizero_runs_completed_total{workflow="demo.order"}')).toBe(started - 1);
    expect(sample(text, 'psizero_runs_failed_total{workflow="demo.order"}')).toBe(1);
    expect(sample(text, 'psizero_runs_started_total{workflow="test.refund"}')).toBe(1);
    expect(sample(text, 'psizero_step_duration_seconds_count{workflow="demo.order",outcome="failed"}')).toBe(2);
    expect(
      sample(text, 'psizero_step_duration_seconds_count{workflow="demo.order",outcome="completed"}'),
    ).toBeGreaterThanOrEqual(4);
    expect(sample(text, 'psizero_runs{workflow="demo.await-payment",status="waiting"}')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'psizero_runs{workflow="demo.order",status="failed"}')).toBe(1);
    // Nothing drained after the clock moved: the await-payment timeout (60 s) is due, not yet picked up.
    expect(sample(text, 'psizero_timers_due')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'psizero_timers_scheduled')).toBeGreaterThanOrEqual(2);
    expect(sample(text, 'psizero_approvals_open{status="pending",level="2"}')).toBe(1);
    expect(sample(text, 'psizero_approvals_open_oldest_age_seconds{status="pending",level="2"}')).toBe(1_800);
    expect(
      sample(text, 'psizero_http_request_duration_seconds_count{method="GET",route="/metrics",status="200"}'),
    ).toBeUndefined();
    expect(text).not.toContain(prometheus.key!);

    const second = await (await bed.call('GET', '/metrics', { as: prometheus })).text();
    expect(
      sample(second, 'psizero_http_request_duration_seconds_count{method="GET",route="/metrics",status="200"}'),
    ).toBe(1);
    expect((await bed.call('GET', '/metrics')).status).toBe(401);
  });
});

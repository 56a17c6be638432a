import { describe, expect, it } from 'vitest';
import { TailCalibration } from '../../../src/analytics/anomaly/tail-calibration.ts';
import { normalUpperTail } from '../../../src/analytics/normal.ts';

describe('tail calibration (anomaly likelihood)', () => {
  it('is the normal two-sided tail before anything was recorded', () => {
    const c = new TailCalibration();
    expect(c.probability(3)).toBeCloseTo(2 * normalUpperTail(3), 12);
  });

  it('learns that large surprises are ordinary for a bursty series', () => {
    const calm = new TailCalibration();
    const bursty = new TailCalibration();
    for (let i = 0; i < 1000; i++) {
      calm.record(0.5, false);
      bursty.record(i % 20 === 0 ? 5 : 0.5, false);
    }
    expect(calm.probability(5)).toBeLessThan(1e-4);
    expect(bursty.probability(5)).toBeGreaterThan(0.03);
  });

  it('forgets an alarm of a daily series within weeks, an ordinary surprise only over ~500 points', () => {
    const afterAlarm = new TailCalibration();
    const afterOrdinary = new TailCalibration();
    afterAlarm.setPointsPerDay(1);
    afterOrdinary.setPointsPerDay(1);
    for (let i = 0; i < 300; i++) {
      afterAlarm.record(0.5, false);
      afterOrdinary.record(0.5, false);
    }
    afterAlarm.record(10, true);
    afterOrdinary.record(10, false);
    for (let i = 0; i < 120; i++) {
      afterAlarm.record(0.5, false);
      afterOrdinary.record(0.5, false);
    }
    // Four months on, the outage still hides a second one if it was learnt as ordinary ...
    expect(afterOrdinary.probability(10)).toBeGreaterThan(1e-3);
    // ... while the alarm's memory has faded: the second outage is a surprise again.
    expect(afterAlarm.probability(10)).toBeLessThan(3e-4);
  });

  it('keeps an alarm of 5-minute data for as long as an ordinary surprise (bursts that recur are its nature)', () => {
    const c = new TailCalibration();
    c.setPointsPerDay(288);
    for (let i = 0; i < 300; i++) c.record(0.5, false);
    c.record(10, true);
    for (let i = 0; i < 120; i++) c.record(0.5, false);
    expect(c.probability(10)).toBeGreaterThan(1e-3);
  });

  it('forgets an alarm of an hourly series within days, where an ordinary surprise stays for ~500 points', () => {
    const afterAlarm = new TailCalibration();
    const afterOrdinary = new TailCalibration();
    afterAlarm.setPointsPerDay(24);
    afterOrdinary.setPointsPerDay(24);
    for (let i = 0; i < 300; i++) {
      afterAlarm.record(0.5, false);
      afterOrdinary.record(0.5, false);
    }
    afterAlarm.record(10, true);
    afterOrdinary.record(10, false);
    // ten days of hourly points
    for (let i = 0; i < 240; i++) {
      afterAlarm.record(0.5, false);
      afterOrdinary.record(0.5, false);
    }
    expect(afterOrdinary.probability(10)).toBeGreaterThan(1e-3);
    expect(afterAlarm.probability(10)).toBeLessThan(3e-4);
  });
});

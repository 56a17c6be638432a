/**
 * When a day's change from the day before is the weekly rhythm (a weekday after a quiet weekend),
 * the text leads with the same weekday a week before and names the day-over-day change as the
 * usual step; a real change keeps "the day before" first.
 */
import { describe, expect, it } from 'vitest';
import { briefingSections, isWeeklyStep, renderBriefingText } from '../../../src/workflows/briefing/index.ts';
import { CHART_DAYS } from '../../../src/workflows/briefing/metric-report.ts';
import { DAY, collected, compose, personal, series } from '../../helpers/briefing-model.ts';

/** 90 chart values whose last is the reported day; `f(k)` for k days before it. */
function chart(f: (k: number) => number | null) {
  return { chart: { values: Array.from({ length: CHART_DAYS }, (_, i) => f(CHART_DAYS - 1 - i)) } } as Parameters<
    typeof isWeeklyStep
  >[0];
}

/** The reported day (k = 0) is a Monday; k = 1 a Sunday, k = 2 a Saturday. */
const weekend = (k: number) => k % 7 === 1 || k % 7 === 2;

describe('the weekly step', () => {
  it('is the rhythm when Monday jumps from a quiet Sunday as in the weeks before', () => {
    expect(isWeeklyStep(chart((k) => (weekend(k) ? 200 : 1_000 + (k % 3))))).toBe(true);
  });

  it('is not when the jump is new: the weekends before were as busy as the weekdays', () => {
    expect(isWeeklyStep(chart((k) => (k === 1 ? 200 : 1_000)))).toBe(false);
  });

  it('is not when the week-over-week change is as large (the level itself moved)', () => {
    expect(isWeeklyStep(chart((k) => (k === 0 ? 2_000 : weekend(k) ? 200 : 1_000)))).toBe(false);
  });

  it('is not for a small change, nor without two earlier weeks, nor across zeros', () => {
    expect(isWeeklyStep(chart((k) => (weekend(k) ? 900 : 1_000)))).toBe(false);
    expect(isWeeklyStep(chart((k) => (k > 8 ? null : weekend(k) ? 200 : 1_000)))).toBe(false);
    expect(isWeeklyStep(chart((k) => (weekend(k) ? 0 : 1_000)))).toBe(false);
  });

  it('puts the same weekday first in the text and names the usual step', () => {
    const weekday = (day: string) => new Date(`${day}T00:00:00Z`).getUTCDay();
    const sources = collected();
    const api = sources.find((s) => s.name === 'api_performance_data')!;
    const data = (api.result as { data: Record<string, unknown> }).data;
    // Quiet weekends, 100,000 calls on weekdays, 101,000 on the reported Monday.
    const calls = series((_i, day) =>
      day === DAY ? 101_000 : weekday(day) === 0 || weekday(day) === 6 ? 20_000 : 100_000,
    );
    api.result = { status: 'ok', data: { ...data, calls } };
    expect(weekday(DAY)).toBe(1);
    const text = renderBriefingText(briefingSections(personal(compose(sources), 'olivia')));
    expect(text).toContain(
      '• API calls: 101,000 (+1.0% vs 100,000 the Monday before, +405.0% vs 20,000 Sunday, the usual Sunday-to-Monday step)',
    );
  });
});

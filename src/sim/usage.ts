/**
 * Daily usage of one customer: weekday/weekend rhythm, onboarding ramp, a growth/plateau/decline
 * trend (falling away before a churn), seasonal quiet, outages (fewer calls, more errors) and
 * day-to-day noise. Days without any activity produce no row. A final day cut short by the
 * window's `until` has the calls made so far.
 */
import type { UsageInput } from '../domain/model/index.ts';
import { PLANS, TRAITS } from './catalog.ts';
import { priceOn, type Story } from './lifecycle.ts';
import { dayFraction, type SimWindow, type World } from './world.ts';

/** Monday-to-Friday shape: busier early in the week. */
const WEEKDAY_SHAPE = [1, 1.06, 1.04, 1.02, 1, 0.9, 1];

export interface UsageResult {
  rows: UsageInput[];
  /** API calls per window day (zeros outside the customer's active days). */
  callsByDay: Float64Array;
}

export function usageFor(story: Story, window: SimWindow, world: World): UsageResult {
  const rng = story.rng;
  const traits = TRAITS[story.archetype];
  const D = window.days;
  const callsByDay = new Float64Array(D);
  const rows: UsageInput[] = [];
  const from = Math.max(0, story.signupDay);
  const to = Math.min(D, story.endDay);
  const anchor = Math.max(story.signupDay, 0);
  const trialOnly = story.payingFrom === null && story.trialEnd !== null;
  for (let d = from; d < to; d++) {
    const age = d - story.signupDay;
    const ramp = age < 21 ? 0.15 + (0.85 * age) / 21 : 1;
    const years = (d - anchor) / 365;
    let trend = story.slope >= 0 ? 1 + story.slope * years : Math.max(0.15, 1 + story.slope * years);
    if (story.ending === 'churned' && story.endDay - d < 45) trend *= 0.2 + (0.8 * (story.endDay - d)) / 45;
    const weekend = window.weekend[d] === 1;
    const rhythm = weekend ? traits.weekendFactor : WEEKDAY_SHAPE[new Date(window.dayMs[d]!).getUTCDay()]!;
    const downtime = world.apiDowntime[d]! / 1440;
    const activity = ramp * trend * rhythm * world.season[d]! * (trialOnly ? 0.5 : 1) * dayFraction(window, d);
    const calls = Math.round(story.baseCalls * activity * (1 - downtime) * Math.exp(0.25 * rng.normal()));
    const growthShare = Math.min(
      1,
      Math.max(0, (age / 180) * (story.trajectory === 'growth' ? 1.5 : story.trajectory === 'plateau' ? 0.6 : 0.2)),
    );
    const team = Math.round(story.startTeam + (story.maxTeam - story.startTeam) * growthShare);
    const activeTeam = Math.min(
      team,
      Math.max(calls > 0 ? 1 : 0, Math.round(team * (weekend ? rng.float(0.05, 0.35) : rng.float(0.45, 1)))),
    );
    if (calls <= 0 && activeTeam === 0) continue;
    const errorRate = Math.min(
      0.9,
      story.errorRate * (age < 7 ? 3 : 1) +
        (downtime > 0 ? downtime * 0.9 : 0) +
        (rng.chance(0.01) ? rng.float(0.02, 0.15) : 0),
    );
    const features = PLANS[priceOn(story, d).plan]!.features;
    const adoption = Math.min(1, 0.25 + (0.6 * age) / 60) * Math.min(1, trend);
    callsByDay[d] = calls;
    rows.push({
      customerId: story.id,
      day: window.dayNames[d]!,
      apiCalls: Math.max(0, calls),
      apiErrors: Math.min(Math.max(0, calls), Math.round(calls * errorRate)),
      featuresUsed: calls > 0 ? Math.max(1, Math.round(features * adoption * rng.float(0.6, 1))) : 0,
      sessions: Math.round(activeTeam * rng.float(1, 3.5)),
      docViews: Math.round(activeTeam * (age < 14 ? rng.float(2, 6) : rng.float(0, 0.8))),
      teamMembers: activeTeam,
    });
  }
  return { rows, callsByDay };
}

/**
 * One simulated customer's story over the window: who they are, when they signed up, whether the
 * trial converted, how their usage trends (growth, plateau, decline), whether they expand or churn.
 * Billing outcomes (billing.ts) may end the story early (involuntary churn).
 */
import { dayOf } from '../domain/dates.ts';
import {
  ARCHETYPE_MIX,
  NEXT_PLAN,
  PLAN_MIX,
  PLANS,
  TRAITS,
  USE_CASE_MIX,
  companyName,
  type Archetype,
} from './catalog.ts';
import { Rng } from './prng.ts';
import type { SimWindow } from './world.ts';

export type Trajectory = 'growth' | 'plateau' | 'decline';

export interface PriceChange {
  /** First day index at this price. */
  day: number;
  plan: string;
  monthlyCents: number;
}

export interface Story {
  index: number;
  id: string;
  rng: Rng;
  archetype: Archetype;
  name: string;
  email: string;
  employeeCount: number;
  developerTeamSize: number;
  useCase: (typeof USE_CASE_MIX)[number][0];
  csmId: string | null;
  /** Day index of signup (negative: before the window). */
  signupDay: number;
  /** Day index the trial ends, for customers who started one in the window. */
  trialEnd: number | null;
  /** Day index the customer started paying (null: never, e.g. free plan or expired trial). */
  payingFrom: number | null;
  /** Day index of a conversion inside the window (counted in the daily metrics). */
  conversionDay: number | null;
  /** Day index from which the customer is gone (churned or trial expired); >= days when still here. */
  endDay: number;
  /** Why the story ends at endDay, when it does inside the window. */
  ending: 'trial_expired' | 'churned' | null;
  trajectory: Trajectory;
  /** Yearly growth (or decline) rate of usage. */
  slope: number;
  prices: PriceChange[];
  baseCalls: number;
  errorRate: number;
  startTeam: number;
  maxTeam: number;
}

function employeesFor(rng: Rng, archetype: Archetype): { employees: number; developers: number } {
  switch (archetype) {
    case 'developer': {
      const employees = rng.int(1, 8);
      return { employees, developers: Math.max(1, Math.ceil(employees * rng.float(0.5, 1))) };
    }
    case 'startup': {
      // Under half of them developers, so a small startup does not read as a developer team.
      const employees = rng.int(3, 45);
      return { employees, developers: rng.int(1, Math.max(1, Math.ceil(employees / 2) - 1)) };
    }
    case 'mid_market': {
      const employees = rng.int(60, 450);
      return { employees, developers: rng.int(5, Math.floor(employees / 4)) };
    }
    case 'enterprise': {
      const employees = Math.round(rng.logUniform(600, 20_000));
      return { employees, developers: rng.int(20, Math.floor(employees / 10)) };
    }
  }
}

export function tellStory(
  seed: string,
  index: number,
  window: SimWindow,
  idPrefix: string,
  csmIds: readonly string[],
): Story {
  const rng = Rng.forKey(seed, 'customer', index);
  const archetype = rng.weighted(ARCHETYPE_MIX);
  const traits = TRAITS[archetype];
  const { employees, developers } = employeesFor(rng, archetype);
  const planId = rng.weighted(PLAN_MIX[archetype]);
  const monthlyCents =
    planId === 'enterprise'
      ? Math.round(rng.logUniform(600_000, 4_000_000) / 50_000) * 50_000
      : PLANS[planId]!.monthlyCents;
  const name = companyName((items) => rng.pick(items), archetype);
  const id = `cus_${idPrefix}${String(index + 1).padStart(6, '0')}`;
  const D = window.days;

  const existing = rng.chance(0.55);
  // New signups grow over the window: density rises towards its end; fewer on weekends.
  const signupDay = existing ? -rng.int(15, 730) : weekdaySignup(window, D * rng.next() ** (1 / 1.4));
  const free = monthlyCents === 0;
  let trialEnd: number | null = null;
  let payingFrom: number | null = null;
  let conversionDay: number | null = null;
  let endDay = Number.POSITIVE_INFINITY;
  let ending: Story['ending'] = null;
  if (existing) payingFrom = free ? null : signupDay + traits.trialDays;
  else if (!free) {
    trialEnd = signupDay + traits.trialDays;
    if (rng.chance(traits.conversion)) {
      conversionDay = rng.int(signupDay + 2, trialEnd);
      payingFrom = conversionDay;
    } else {
      endDay = trialEnd + rng.int(0, 3);
      ending = 'trial_expired';
    }
  }

  const trajectory = rng.weighted<Trajectory>([
    ['growth', 0.3],
    ['plateau', 0.45],
    ['decline', 0.25],
  ]);
  const slope = trajectory === 'growth' ? rng.float(0.3, 1.5) : trajectory === 'decline' ? -rng.float(0.3, 0.8) : 0;
  const activeFrom = Math.max(0, payingFrom ?? signupDay);
  if (ending === null && rng.chance(Math.min(0.9, (traits.annualChurn * D) / 365))) {
    const from = activeFrom + 20;
    if (from < D) {
      endDay = rng.int(from, D - 1);
      ending = 'churned';
    }
  }

  const prices: PriceChange[] = [{ day: Number.NEGATIVE_INFINITY, plan: planId, monthlyCents }];
  const next = NEXT_PLAN[planId];
  const upgradeFrom = Math.max(0, payingFrom ?? 0) + 15;
  if (trajectory === 'growth' && payingFrom !== null && upgradeFrom < Math.min(D, endDay) && rng.chance(0.35)) {
    const day = rng.int(upgradeFrom, Math.min(D, endDay) - 1);
    if (next) prices.push({ day, plan: next, monthlyCents: PLANS[next]!.monthlyCents });
    else if (planId === 'enterprise')
      prices.push({
        day,
        plan: planId,
        monthlyCents: Math.round((monthlyCents * rng.float(1.2, 1.4)) / 50_000) * 50_000,
      });
  }

  const maxTeam = Math.max(1, Math.min(developers + Math.floor(employees / 20), 400));
  return {
    index,
    id,
    rng,
    archetype,
    name,
    email: `ops+${index + 1}@${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.example.com`,
    employeeCount: employees,
    developerTeamSize: developers,
    useCase: rng.weighted(USE_CASE_MIX),
    csmId: archetype === 'developer' || csmIds.length === 0 ? null : rng.pick(csmIds),
    signupDay,
    trialEnd,
    payingFrom,
    conversionDay: conversionDay !== null && conversionDay < D ? conversionDay : null,
    endDay,
    ending,
    trajectory,
    slope,
    prices,
    baseCalls: rng.logNormal(traits.medianCalls, 0.7),
    errorRate: Math.min(0.08, rng.logNormal(0.006, 0.6)),
    startTeam: Math.max(1, Math.round(maxTeam * rng.float(0.2, 0.6))),
    maxTeam,
  };
}

/** Share of weekend sign-ups that would rather have come on the Monday after (a weekly rhythm). */
const WEEKEND_SIGNUP_SHIFT = 0.6;

/**
 * The day of a sign-up drawn at `at` (days into the window): a weekend one moves to the Monday
 * after, decided by the draw's own fraction, so no extra random number shifts the story's others.
 */
function weekdaySignup(window: SimWindow, at: number): number {
  let day = Math.floor(at);
  if (window.weekend[day] !== 1 || at - day >= WEEKEND_SIGNUP_SHIFT) return day;
  while (day < window.days - 1 && window.weekend[day] === 1) day++;
  return window.weekend[day] === 1 ? Math.floor(at) : day;
}

export function priceOn(story: Story, day: number): PriceChange {
  let current = story.prices[0]!;
  for (const p of story.prices) if (p.day <= day) current = p;
  return current;
}

export function signupDate(story: Story, window: SimWindow): string {
  return dayOf(window.dayMs[0]! + story.signupDay * 86_400_000);
}

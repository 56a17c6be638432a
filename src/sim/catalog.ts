/**
 * The simulated company's price list and the mix of customers it sells to. Startup plans stay
 * under the seed's $500/month startup budget, enterprise contracts above its $5,000/month.
 */
import type { Segment } from '../domain/model/index.ts';
import type { Weighted } from './prng.ts';

/**
 * The kind of company a story is about: one per segment, and each story's facts (people,
 * developers, plan) fall inside its segment's box, so the segment ingestion derives from the facts
 * is the story's archetype (test/unit/sim checks it).
 */
export type Archetype = Segment;

export { PLANS, type Plan } from '../domain/model/plans.ts';

/** Upgrade paths for expanding customers. */
export const NEXT_PLAN: Readonly<Record<string, string>> = {
  hobby: 'pro',
  starter: 'team',
  team: 'growth',
  business: 'scale',
};

export const ARCHETYPE_MIX: Weighted<Archetype> = [
  ['developer', 0.45],
  ['startup', 0.4],
  ['mid_market', 0.09],
  ['enterprise', 0.06],
];

export const PLAN_MIX: Readonly<Record<Archetype, Weighted<string>>> = {
  developer: [
    ['free', 0.35],
    ['hobby', 0.4],
    ['pro', 0.25],
  ],
  startup: [
    ['starter', 0.4],
    ['team', 0.35],
    ['growth', 0.25],
  ],
  mid_market: [
    ['business', 0.6],
    ['scale', 0.4],
  ],
  enterprise: [['enterprise', 1]],
};

export interface ArchetypeTraits {
  /** Median API calls on a busy weekday at full adoption. */
  medianCalls: number;
  /** Share of weekday traffic on weekends (developers hack on Saturdays; enterprises do not). */
  weekendFactor: number;
  trialDays: number;
  conversion: number;
  /** Chance to churn voluntarily within a year. */
  annualChurn: number;
  /** Chance that an invoice's first charge fails. */
  failureRate: number;
  /** Tickets per customer per day. */
  ticketRate: number;
}

export const TRAITS: Readonly<Record<Archetype, ArchetypeTraits>> = {
  developer: {
    medianCalls: 900,
    weekendFactor: 0.65,
    trialDays: 14,
    conversion: 0.3,
    annualChurn: 0.2,
    failureRate: 0.07,
    ticketRate: 0.006,
  },
  startup: {
    medianCalls: 12_000,
    weekendFactor: 0.3,
    trialDays: 14,
    conversion: 0.4,
    annualChurn: 0.15,
    failureRate: 0.05,
    ticketRate: 0.012,
  },
  mid_market: {
    medianCalls: 120_000,
    weekendFactor: 0.22,
    trialDays: 21,
    conversion: 0.5,
    annualChurn: 0.08,
    failureRate: 0.03,
    ticketRate: 0.025,
  },
  enterprise: {
    medianCalls: 900_000,
    weekendFactor: 0.15,
    trialDays: 30,
    conversion: 0.62,
    annualChurn: 0.05,
    failureRate: 0.015,
    ticketRate: 0.05,
  },
};

const ADJECTIVES = [
  'Blue',
  'Bright',
  'Silver',
  'Quiet',
  'Rapid',
  'Bold',
  'Clear',
  'Golden',
  'Lucky',
  'North',
  'Open',
  'Prime',
  'Red',
  'Solid',
  'True',
  'Wild',
  'Brave',
  'Calm',
  'Deep',
  'Early',
  'Green',
  'Iron',
  'Little',
  'Modern',
  'Nimble',
  'Orbit',
  'Polar',
  'Quantum',
  'Sharp',
  'Summit',
  'Velvet',
  'Vivid',
  'Crimson',
  'Amber',
  'Cobalt',
  'Coral',
  'Lunar',
  'Solar',
  'Urban',
  'Zen',
];
const NOUNS = [
  'Falcon',
  'Harbor',
  'Maple',
  'River',
  'Canyon',
  'Comet',
  'Forge',
  'Grove',
  'Lantern',
  'Meadow',
  'Otter',
  'Pine',
  'Quartz',
  'Raven',
  'Sparrow',
  'Tide',
  'Willow',
  'Anchor',
  'Beacon',
  'Cedar',
  'Delta',
  'Ember',
  'Fjord',
  'Glacier',
  'Heron',
  'Juniper',
  'Kite',
  'Lynx',
  'Mesa',
  'Nova',
  'Onyx',
  'Pixel',
  'Ridge',
  'Signal',
  'Thistle',
  'Vertex',
  'Wave',
  'Yarrow',
  'Zephyr',
  'Atlas',
];
const SUFFIXES: Readonly<Record<Archetype, readonly string[]>> = {
  developer: ['Dev', 'Labs', 'Studio', 'Apps', 'Code', 'Hacks'],
  startup: ['Labs', 'AI', 'Health', 'Pay', 'Analytics', 'Logistics', 'Learning', 'Commerce'],
  mid_market: ['Software', 'Systems', 'Networks', 'Solutions', 'Group'],
  enterprise: ['Corp', 'Holdings', 'Financial', 'Industries', 'Global', 'Insurance', 'Telecom'],
};

export function companyName(pick: <T>(items: readonly T[]) => T, archetype: Archetype): string {
  return `${pick(ADJECTIVES)} ${pick(NOUNS)} ${pick(SUFFIXES[archetype])}`;
}

export const FIRST_NAMES = [
  'Ava',
  'Ben',
  'Chloe',
  'Diego',
  'Elena',
  'Farid',
  'Grace',
  'Hiro',
  'Ines',
  'Jonas',
  'Kemi',
  'Liam',
  'Maya',
  'Nikhil',
  'Olga',
  'Priya',
  'Quinn',
  'Rosa',
  'Sven',
  'Tariq',
  'Uma',
  'Viktor',
  'Wen',
  'Ximena',
  'Yusuf',
  'Zara',
  'Mateo',
  'Leila',
  'Noah',
  'Sofia',
];

export const USE_CASE_MIX: Weighted<
  'payments' | 'messaging' | 'data_enrichment' | 'analytics' | 'ai' | 'maps' | 'other'
> = [
  ['payments', 0.2],
  ['messaging', 0.2],
  ['data_enrichment', 0.15],
  ['analytics', 0.15],
  ['ai', 0.18],
  ['maps', 0.07],
  ['other', 0.05],
];

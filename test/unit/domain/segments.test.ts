import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SEGMENTS, classifySegment } from '../../../src/domain/index.ts';

const facts = (employeeCount: number, developerTeamSize: number, monthlyPriceCents: number) => ({
  employeeCount,
  developerTeamSize,
  monthlyPriceCents,
});

describe('segment criteria (seed: startup <50 people and <$500/month; enterprise >500 people and >$5,000/month; developer small technical team; mid_market between the boxes)', () => {
  it.each([
    // Enterprise: both seed conditions, strictly above.
    ['501 people, $5,000.01', facts(501, 40, 500_001), 'enterprise'],
    ['20,000 people, $40,000', facts(20_000, 900, 4_000_000), 'enterprise'],
    // One enterprise signal alone is not enterprise: between the boxes.
    ['500 people, $5,000.01: budget signal alone', facts(500, 40, 500_001), 'mid_market'],
    ['501 people, $5,000.00: size signal alone', facts(501, 40, 500_000), 'mid_market'],
    ['5,000 people, $900', facts(5_000, 200, 90_000), 'mid_market'],
    ['500 people, $5,000.00: neither enterprise signal', facts(500, 40, 500_000), 'mid_market'],
    // Startup box, strictly below both; a company just outside it is not a startup.
    ['49 people, $499.99', facts(49, 10, 49_999), 'startup'],
    ['3 people, $99', facts(3, 1, 9_900), 'startup'],
    ['50 people, $499.99', facts(50, 10, 49_999), 'mid_market'],
    ['49 people, $500.00', facts(49, 10, 50_000), 'mid_market'],
    ['120 people, $1,500', facts(120, 30, 150_000), 'mid_market'],
    ['210 people, $449: not a startup', facts(210, 20, 44_900), 'mid_market'],
    // Developer: at most 10 people, at least half of them developers.
    ['a solo developer on the free plan', facts(1, 1, 0), 'developer'],
    ['10 people, 5 developers', facts(10, 5, 9_900), 'developer'],
    ['10 people, 4 developers', facts(10, 4, 9_900), 'startup'],
    ['11 people, 11 developers', facts(11, 11, 9_900), 'startup'],
    ['a one-person company without developers', facts(1, 0, 2_900), 'startup'],
    ['8 developers paying $8,000: small technical team wins', facts(8, 8, 800_000), 'developer'],
  ] as const)('%s → %s', (_label, input, expected) => {
    expect(classifySegment(input)).toBe(expected);
  });

  it('always names one of the four segments; each seed box means its segment, and a startup is always inside the startup box', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100_000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 0, max: 10_000_000 }),
        (employees, share, cents) => {
          const segment = classifySegment(facts(employees, Math.floor(employees * share), cents));
          expect(SEGMENTS).toContain(segment);
          if (employees > 500 && cents > 500_000) expect(segment).toBe('enterprise');
          if (employees < 50 && cents < 50_000 && segment !== 'developer') expect(segment).toBe('startup');
          if (segment === 'startup') expect([employees < 50, cents < 50_000]).toEqual([true, true]);
          if (segment === 'enterprise') expect([employees > 500, cents > 500_000]).toEqual([true, true]);
          if (segment === 'mid_market') expect(employees >= 50 || cents >= 50_000).toBe(true);
        },
      ),
    );
  });
});

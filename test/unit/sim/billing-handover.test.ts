/**
 * The simulator's handover: failures of the final days are left open for PsiZero's payment
 * recovery instead of being retried by the simulator, and nothing else about a customer changes.
 */
import { describe, expect, it } from 'vitest';
import { planBilling } from '../../../src/sim/billing.ts';
import { tellStory } from '../../../src/sim/lifecycle.ts';
import { usageFor } from '../../../src/sim/usage.ts';
import { makeWindow, makeWorld } from '../../../src/sim/world.ts';

const SEED = 'handover-test';
const window = makeWindow('2026-06-30', 120, 1);
const world = makeWorld(SEED, window);
const HANDOVER = 7;
const from = window.days - HANDOVER;

function plan(index: number, handoverDays: number) {
  const story = tellStory(SEED, index, window, 'h', []);
  const billing = planBilling(story, window, world, handoverDays);
  return { billing, calls: Array.from(usageFor(story, window, world).callsByDay) };
}

describe('billing handover', () => {
  const pairs = Array.from({ length: 600 }, (_, i) => ({ before: plan(i, 0), after: plan(i, HANDOVER) }));

  it('makes no retry and no card update on or after the handover day', () => {
    for (const { after } of pairs) {
      for (const inv of after.billing.invoices) {
        for (const a of inv.attempts.slice(1)) expect(a.day).toBeLessThan(from);
      }
    }
  });

  it('leaves the failures it did not finish open, not written off', () => {
    const handedOver = pairs.flatMap(({ before, after }) =>
      after.billing.invoices.filter((inv, i) => {
        const was = before.billing.invoices[i]!;
        return JSON.stringify(inv.attempts) !== JSON.stringify(was.attempts);
      }),
    );
    expect(handedOver.length).toBeGreaterThan(0);
    for (const inv of handedOver) {
      expect(inv.attempts[0]!.success).toBe(false);
      expect(inv.paid).toBe(false);
      expect(inv.unrecovered).toBe(false);
    }
  });

  it('changes nothing before the handover: earlier attempts, invoices and usage are the same', () => {
    for (const { before, after } of pairs) {
      expect(after.calls).toEqual(before.calls);
      expect(after.billing.invoices.map((i) => i.issueDay)).toEqual(before.billing.invoices.map((i) => i.issueDay));
      after.billing.invoices.forEach((inv, i) => {
        expect(inv.attempts).toEqual(before.billing.invoices[i]!.attempts.filter((a, n) => n === 0 || a.day < from));
      });
    }
  });
});

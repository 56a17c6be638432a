/**
 * A simulated company whose numbers add up: history stops at the moment given (nothing created,
 * paid or resolved later, the final day played only up to it), every invoice still open is one the
 * simulated company handed over within the take-over window, nothing was written off or suspended
 * that needed a person's approval, and every customer's segment is its story's.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { DAY_MS, dayStartMs } from '../../../src/domain/dates.ts';
import { ENTITIES, type EntityName } from '../../../src/domain/ingestion/index.ts';
import {
  classifySegment,
  type CustomerRecord,
  type HealthSampleRecord,
  type InvoiceRecord,
  type PaymentAttemptRecord,
  type TicketRecord,
  type UsageRecord,
} from '../../../src/domain/index.ts';
import { priceOn, tellStory } from '../../../src/sim/lifecycle.ts';
import { makeWindow } from '../../../src/sim/world.ts';
import { DEMO_COMPANY, DEMO_TAKEOVER_DAYS, simulate, type SimulationTarget } from '../../../src/sim/index.ts';

const END = '2026-03-18';
const HOUR = 3_600_000;

interface Captured {
  customers: CustomerRecord[];
  usage: UsageRecord[];
  invoices: InvoiceRecord[];
  payments: PaymentAttemptRecord[];
  tickets: TicketRecord[];
  health: HealthSampleRecord[];
}

/** Validates every record with the ingestion schemas, as the real write would, and keeps it. */
async function simulated(until: number, customers = 600): Promise<Captured> {
  const captured: Record<string, unknown[]> = {};
  const target: SimulationTarget = {
    async ingest(entity: EntityName, records: readonly unknown[]) {
      const schema = ENTITIES[entity].schema;
      (captured[entity] ??= []).push(...records.map((r) => schema.parse(r)));
      return {
        entity,
        received: records.length,
        accepted: records.length,
        rejected: 0,
        written: 0,
        unchanged: 0,
        records: [],
      };
    },
  };
  await simulate(target, {
    customers,
    days: DEMO_COMPANY.days,
    seed: DEMO_COMPANY.seed,
    end: END,
    until,
    handoverDays: DEMO_COMPANY.handoverDays,
    csmIds: ['sam', 'tara'],
  });
  return captured as unknown as Captured;
}

const FINAL_DAY = dayStartMs(END);

describe('simulated history up to a moment', () => {
  it.each([0.5, 6.25, 9.75, 19.5, 23.99])('has nothing later than %s h on the final day', async (hours) => {
    const until = FINAL_DAY + hours * HOUR;
    const c = await simulated(until);
    for (const p of c.payments) expect(p.attemptedAt, p.id).toBeLessThanOrEqual(until);
    for (const i of c.invoices) if (i.paidAt != null) expect(i.paidAt, i.id).toBeLessThanOrEqual(until);
    for (const t of c.tickets) {
      expect(t.createdAt, t.id).toBeLessThanOrEqual(until);
      if (t.resolvedAt != null) expect(t.resolvedAt, t.id).toBeLessThanOrEqual(until);
    }
    for (const h of c.health) expect(h.at + h.windowMinutes * 60_000).toBeLessThanOrEqual(until);
    // An invoice exists once its first charge was made: issued today only if charged by now.
    const charged = new Set(c.payments.map((p) => p.invoiceId!));
    for (const i of c.invoices) expect(charged.has(i.id), i.id).toBe(true);
  });

  it('plays the final day only up to the moment: today so far has fewer calls, tickets and charges', async () => {
    const early = await simulated(FINAL_DAY + 5 * HOUR);
    const late = await simulated(FINAL_DAY + DAY_MS);
    const today = (c: Captured) => ({
      calls: c.usage.filter((u) => u.day === END).reduce((s, u) => s + u.apiCalls, 0),
      charges: c.payments.filter((p) => p.attemptedAt >= FINAL_DAY).length,
      tickets: c.tickets.filter((t) => t.createdAt >= FINAL_DAY).length,
    });
    expect(today(early)).toEqual({ calls: expect.any(Number) as number, charges: 0, tickets: 0 });
    expect(today(early).calls).toBeLessThan(today(late).calls * 0.4);
    expect(today(late).charges).toBeGreaterThan(0);
    expect(today(late).tickets).toBeGreaterThan(0);
    // Before the day: the same history.
    const before = (c: Captured) => c.payments.filter((p) => p.attemptedAt < FINAL_DAY);
    expect(before(early)).toEqual(before(late));
  });
});

describe('what the simulated company left open and what it settled', () => {
  const until = FINAL_DAY + 14.5 * HOUR;
  let c: Captured;
  beforeAll(async () => {
    c = await simulated(until, 1_500);
  });

  it('leaves open only failures of the take-over window, all of whose charges failed', async () => {
    const attempts = new Map<string, PaymentAttemptRecord[]>();
    for (const p of c.payments) attempts.set(p.invoiceId!, [...(attempts.get(p.invoiceId!) ?? []), p]);
    const open = c.invoices.filter((i) => i.status === 'open');
    expect(open.length).toBeGreaterThan(0);
    for (const invoice of open) {
      const tried = (attempts.get(invoice.id) ?? []).sort((a, b) => a.attemptedAt - b.attemptedAt);
      expect(tried.length, invoice.id).toBeGreaterThan(0);
      for (const a of tried) expect(a.status, invoice.id).toBe('failed');
      expect(until - tried[0]!.attemptedAt, invoice.id).toBeLessThan(DEMO_TAKEOVER_DAYS * DAY_MS);
    }
  });

  it('never writes off or suspends what needs approval: no enterprise customer, nothing at the Level 1 limit or above', async () => {
    const customers = new Map(c.customers.map((x) => [x.id, x]));
    const segmentOf = (id: string) => classifySegment(customers.get(id)!);
    const writtenOff = c.invoices.filter((i) => i.status === 'uncollectible');
    expect(writtenOff.length).toBeGreaterThan(0);
    for (const invoice of writtenOff) {
      const total = invoice.lines.reduce((s, l) => s + l.amountCents, 0);
      expect(segmentOf(invoice.customerId), invoice.id).not.toBe('enterprise');
      expect(total, invoice.id).toBeLessThan(100_000);
    }
    const suspended = c.customers.filter((x) => x.status === 'suspended');
    for (const customer of suspended) expect(classifySegment(customer), customer.id).not.toBe('enterprise');
    // Enterprise failures that needed a person all ended paid or were handed over open.
    const enterpriseInvoices = c.invoices.filter((i) => segmentOf(i.customerId) === 'enterprise');
    expect(enterpriseInvoices.length).toBeGreaterThan(0);
    for (const invoice of enterpriseInvoices) expect(['paid', 'open'], invoice.id).toContain(invoice.status);
  });

  it('never marks a customer past due itself: payment recovery does when it opens the case', async () => {
    expect(c.customers.filter((x) => x.status === 'past_due')).toEqual([]);
  });
});

describe('segments of simulated customers', () => {
  it("are their stories' archetypes: each story's facts fall inside its segment's box", () => {
    const window = makeWindow(END, DEMO_COMPANY.days, 1);
    const seen = new Set<string>();
    for (let i = 0; i < 3_000; i++) {
      const story = tellStory('segments', i, window, 's', []);
      const facts = {
        employeeCount: story.employeeCount,
        developerTeamSize: story.developerTeamSize,
        monthlyPriceCents: priceOn(story, window.days - 1).monthlyCents,
      };
      expect(classifySegment(facts), `${story.id} ${JSON.stringify(facts)}`).toBe(story.archetype);
      if (story.archetype === 'startup') expect(story.employeeCount).toBeLessThan(50);
      seen.add(story.archetype);
    }
    expect([...seen].sort()).toEqual(['developer', 'enterprise', 'mid_market', 'startup']);
  });
});

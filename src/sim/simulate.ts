/**
 * `psizero simulate`: a believable SaaS API company, deterministic for a seed, written through the
 * same ingestion services as real data (validation, idempotent upserts, outbox).
 *
 * Domain events: only records dated in the last `eventDays` days of the window (default 1: the
 * final day) are published. The rest is history that happened before PsiZero was watching; a year
 * of it is millions of usage rows, and publishing those would flood the engine and start workflows
 * (payment recovery, ticket triage) for matters long settled. Today's failures, tickets and usage
 * do reach the engine, so a freshly seeded company has live work.
 *
 * History ends at `until` (default: the end of the final day): nothing in it is created, paid or
 * resolved later, so a company simulated up to "now" has only what already happened today.
 *
 * Speed: customers are simulated and written in chunks; each entity of a chunk is one ingestion
 * call with multi-row upserts (see domain/repo/bulk.ts): one transaction each through the ingestion
 * service, or all inside one transaction the caller holds (the demo seed, which is all or nothing).
 */
import type { IngestionService, IngestOptions, EntityName, EntityRecords } from '../domain/ingestion/index.ts';
import type {
  CustomerInput,
  InvoiceInput,
  PaymentAttemptInput,
  TicketInput,
  UsageInput,
} from '../domain/model/index.ts';
import { DAY_MS, dayOf, todayUtc } from '../domain/dates.ts';
import { billingRecords, planBilling } from './billing.ts';
import { SimulationInvariantError } from './errors.ts';
import { priceOn, signupDate, tellStory, type Story } from './lifecycle.ts';
import { Aggregates, healthSamples, targetsFrom } from './metrics.ts';
import { simulatedPhoneNumber } from './phone-numbers.ts';
import { ticketsFor } from './tickets.ts';
import { usageFor } from './usage.ts';
import { makeWindow, makeWorld, type SimWindow } from './world.ts';

export interface SimulationOptions {
  customers: number;
  days: number;
  seed: string;
  /** Last simulated day (YYYY-MM-DD); defaults to today (UTC). */
  end?: string;
  /** The instant history stops, on the last day (default: its end); nothing happens after it. */
  until?: number;
  /** Records dated in this many final days also become domain events (default 1). */
  eventDays?: number;
  /** Inserted into every id (cus_<prefix>000001) so simulated records are recognisable. */
  idPrefix?: string;
  /** Customer success managers to assign (person ids from the policy directory). */
  csmIds?: readonly string[];
  /** Failures of this many final days are left open for PsiZero's payment recovery (default 0). */
  handoverDays?: number;
  /** Customers simulated and written per round (default 500). */
  chunkSize?: number;
  /** Called after each round is written; a returned promise is awaited before the next round. */
  onProgress?: (customersDone: number, total: number) => void | Promise<void>;
}

/** Where the records go: the ingestion service itself, or a wrapper writing inside the caller's transaction. */
export type SimulationTarget = Pick<IngestionService, 'ingest'>;

export interface SimulationSummary {
  seed: string;
  start: string;
  end: string;
  days: number;
  customers: number;
  usageRows: number;
  invoices: number;
  payments: number;
  failedPayments: number;
  tickets: number;
  healthSamples: number;
  outages: number;
  revenueCents: number;
  finalMrrCents: number;
}

export async function simulate(ingest: SimulationTarget, options: SimulationOptions): Promise<SimulationSummary> {
  const end = options.end ?? todayUtc();
  const prefix = options.idPrefix ?? 'sim';
  const window = makeWindow(end, options.days, options.eventDays ?? 1, options.until);
  const world = makeWorld(options.seed, window);
  const agg = new Aggregates(window.days);
  const eventDay = window.dayNames[window.eventFrom]!;
  const eventMs = window.dayMs[window.eventFrom]!;
  const chunkSize = options.chunkSize ?? 500;
  const summary: SimulationSummary = {
    seed: options.seed,
    start: window.start,
    end: window.end,
    days: window.days,
    customers: options.customers,
    usageRows: 0,
    invoices: 0,
    payments: 0,
    failedPayments: 0,
    tickets: 0,
    healthSamples: 0,
    outages: world.outages.length,
    revenueCents: 0,
    finalMrrCents: 0,
  };

  for (let first = 0; first < options.customers; first += chunkSize) {
    const customers: CustomerInput[] = [];
    const usage: UsageInput[] = [];
    const invoices: InvoiceInput[] = [];
    const payments: PaymentAttemptInput[] = [];
    const tickets: TicketInput[] = [];
    for (let i = first; i < Math.min(options.customers, first + chunkSize); i++) {
      const story = tellStory(options.seed, i, window, prefix, options.csmIds ?? []);
      const billing = planBilling(story, window, world, options.handoverDays ?? 0);
      const used = usageFor(story, window, world);
      const billed = billingRecords(
        story,
        billing,
        window,
        used.callsByDay,
        prefix,
        (day, cents) => (agg.revenue[day] = agg.revenue[day]! + cents),
      );
      const failureDays = new Set(
        billing.invoices.flatMap((inv) => inv.attempts.filter((a) => !a.success).map((a) => a.day)),
      );
      const storyTickets = ticketsFor(story, window, world, failureDays, prefix);
      agg.addStory(story);
      for (let d = 0; d < window.days; d++) agg.apiCalls[d] = agg.apiCalls[d]! + used.callsByDay[d]!;
      for (const t of storyTickets) agg.tickets[Math.floor((Number(t.createdAt) - window.dayMs[0]!) / 86_400_000)]!++;
      customers.push(customerRecord(story, billing.status, window));
      usage.push(...used.rows);
      invoices.push(...billed.invoices);
      payments.push(...billed.payments);
      tickets.push(...storyTickets);
    }
    await write(ingest, 'customers', customers, (c) => c.signupDate >= eventDay);
    await write(ingest, 'usage', usage, (u) => u.day >= eventDay);
    await write(ingest, 'invoices', invoices, (inv) => inv.issuedOn >= eventDay);
    await write(ingest, 'payments', payments, (p) => p.attemptedAt >= eventMs);
    await write(ingest, 'tickets', tickets, (t) => t.createdAt >= eventMs);
    summary.usageRows += usage.length;
    summary.invoices += invoices.length;
    summary.payments += payments.length;
    summary.failedPayments += payments.filter((p) => p.status === 'failed').length;
    summary.tickets += tickets.length;
    await options.onProgress?.(Math.min(options.customers, first + chunkSize), options.customers);
  }

  const health = healthSamples(options.seed, window, world);
  const metrics = agg.dailyMetrics(window);
  await write(ingest, 'health', health, (h) => h.at >= eventMs);
  await write(ingest, 'metrics', metrics, (m) => m.day >= eventDay);
  await write(ingest, 'targets', targetsFrom(metrics), (t) => t.day >= eventDay);
  summary.healthSamples = health.length;
  summary.revenueCents = metrics.reduce((s, m) => s + m.revenueCents, 0);
  summary.finalMrrCents = metrics.at(-1)?.mrrCents ?? 0;
  return summary;
}

/** One ingestion call; any rejection is a simulator bug and stops the run with the first reasons. */
async function write<E extends EntityName>(
  ingest: SimulationTarget,
  entity: E,
  records: readonly unknown[],
  publish: (record: EntityRecords[E]) => boolean,
): Promise<void> {
  if (records.length === 0) return;
  const options: IngestOptions<EntityRecords[E]> = { publish, detail: 'rejected' };
  const report = await ingest.ingest(entity, records, options);
  if (report.rejected > 0) {
    throw new SimulationInvariantError(`the simulator produced ${report.rejected} invalid ${entity} record(s)`, {
      examples: report.records.slice(0, 3),
    });
  }
}

function customerRecord(story: Story, billingStatus: 'suspended' | null, window: SimWindow): CustomerInput {
  const D = window.days;
  const finalPrice = priceOn(story, D - 1);
  let status: CustomerInput['status'];
  if (story.ending !== null && story.endDay < D) status = story.ending;
  else if (story.trialEnd !== null && (story.payingFrom === null || story.payingFrom >= D)) status = 'trial';
  else status = billingStatus ?? 'active';
  return {
    id: story.id,
    name: story.name,
    email: story.email,
    phone: simulatedPhoneNumber(story.index),
    plan: finalPrice.plan,
    monthlyPriceCents: finalPrice.monthlyCents,
    employeeCount: story.employeeCount,
    developerTeamSize: story.developerTeamSize,
    useCase: story.useCase,
    csmId: story.csmId,
    signupDate: signupDate(story, window),
    status,
    trialEndsOn: story.trialEnd === null ? null : dayOf(window.dayMs[0]! + story.trialEnd * DAY_MS),
  };
}

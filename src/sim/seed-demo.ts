/**
 * `npm start` on an empty database: seed a small simulated company (1,000 customers over 90 days
 * up to this moment) so a newcomer sees a living business within seconds, then hand the failed
 * payments it had not settled to PsiZero's payment recovery. A database that already has
 * customers, simulated or real, is never touched.
 *
 * All or nothing: the whole company is written in one transaction together with its record in
 * `demo_company`, so a process killed while seeding leaves no company at all and the next start
 * seeds it again. The take-over is recorded in the same row once done, so a process killed between
 * the two finishes the take-over at its next start (recovery runs are keyed by invoice: never twice).
 */
import type { DbTransaction } from '../db/index.ts';
import { DAY_MS } from '../domain/dates.ts';
import type { Domain } from '../domain/index.ts';
import type { EntityName, EntityRecords, IngestOptions } from '../domain/ingestion/index.ts';
import { holdersOfRole, type Directory } from '../policy/index.ts';
import { SIMULATED_RECOVERY_DAYS } from './billing.ts';
import { simulate, type SimulationSummary, type SimulationTarget } from './simulate.ts';

export const DEMO_COMPANY = { customers: 1_000, days: 90, seed: 'psizero-demo', handoverDays: 7 } as const;

/**
 * The take-over window: payments that failed in the last 14 days and were still unsettled. The
 * simulated company recovered on its own until a week before the start (handoverDays), and a
 * recovery it began then ran for up to SIMULATED_RECOVERY_DAYS more, so nothing older is open.
 */
export const DEMO_TAKEOVER_DAYS = DEMO_COMPANY.handoverDays + SIMULATED_RECOVERY_DAYS;

/** The parts of the app seeding needs (the App itself fits). */
export interface SeedableApp {
  domain: Domain;
  engine: { clock: { now(): number } };
  policy: { directory: Directory };
}

/** What the take-over needs besides: starting recovery runs for open failed invoices (the App fits). */
export interface DemoApp extends SeedableApp {
  billing: { adoptRecentFailures(windowDays: number): Promise<number> };
}

export interface SeedOptions {
  /** Called after each round of customers is written (inside the seeding transaction). */
  onProgress?: (customersDone: number, total: number) => void | Promise<void>;
}

export interface DemoStart {
  /** The company seeded by this start, or null (the database had customers). */
  seeded: SimulationSummary | null;
  /** Recovery runs this start handed failed payments to, or null when no take-over was pending. */
  adopted: number | null;
}

/** `npm start`: seeds an empty database and completes a take-over that a seed left pending. */
export async function startDemoCompany(app: DemoApp, options: SeedOptions = {}): Promise<DemoStart> {
  const seeded = await seedDemoCompanyIfEmpty(app, options);
  return { seeded, adopted: await completeDemoTakeover(app) };
}

export async function seedDemoCompanyIfEmpty(
  app: SeedableApp,
  options: SeedOptions = {},
): Promise<SimulationSummary | null> {
  if ((await app.domain.queries.count('customers')) > 0) return null;
  const until = app.engine.clock.now();
  const { ingest } = app.domain;
  const summary = await app.domain.db.transaction(async (trx) => {
    // Checked again inside the transaction: two processes starting at once seed one company.
    if (!(await claimEmptyDatabase(trx, until))) return null;
    const target: SimulationTarget = {
      ingest: <E extends EntityName>(entity: E, records: readonly unknown[], opts?: IngestOptions<EntityRecords[E]>) =>
        ingest.writeWithin(trx, ingest.validate(entity, records, opts), opts),
    };
    return simulate(target, {
      ...DEMO_COMPANY,
      end: new Date(until).toISOString().slice(0, 10),
      until,
      csmIds: holdersOfRole(app.policy.directory, 'customer_success_manager').map((p) => p.id),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
  });
  // The final day's records become domain events once the company is committed.
  await ingest.drainEvents();
  return summary;
}

/** Hands the seeded company's unsettled failed payments to payment recovery, once; null when nothing is pending. */
export async function completeDemoTakeover(app: DemoApp): Promise<number | null> {
  const { kysely } = app.domain.db;
  const pending = await kysely
    .selectFrom('demo_company')
    .select(['id', 'seeded_at'])
    .where('taken_over_at', 'is', null)
    .executeTakeFirst();
  if (pending === undefined) return null;
  // The window counts from the seed, should the take-over come at a later start.
  const late = Math.ceil((app.engine.clock.now() - Number(pending.seeded_at)) / DAY_MS);
  const adopted = await app.billing.adoptRecentFailures(DEMO_TAKEOVER_DAYS + Math.max(0, late));
  await kysely
    .updateTable('demo_company')
    .set({ taken_over_at: app.engine.clock.now() })
    .where('id', '=', pending.id)
    .execute();
  return adopted;
}

/** Records the demo company in an empty database; false when the database has customers or a company already. */
async function claimEmptyDatabase(trx: DbTransaction, now: number): Promise<boolean> {
  const customers = await trx
    .selectFrom('customers')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirst();
  if (Number(customers?.n ?? 0) > 0) return false;
  const claimed = await trx
    .insertInto('demo_company')
    .values({ id: 1, seed: DEMO_COMPANY.seed, seeded_at: now, taken_over_at: null })
    .onConflict((oc) => oc.column('id').doNothing())
    .returning('id')
    .executeTakeFirst();
  return claimed !== undefined;
}

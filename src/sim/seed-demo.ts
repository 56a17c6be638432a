/**
 * `npm start` on an empty database: seed a small simulated company (1,000 customers over 90 days
 * ending today) so a newcomer sees a living business within seconds. The last week's failed
 * payments are handed over open, so PsiZero's payment recovery picks them up at once. A database
 * that already has customers, simulated or real, is never touched.
 */
import type { Domain } from '../domain/index.ts';
import { holdersOfRole, type Directory } from '../policy/index.ts';
import { simulate, type SimulationSummary } from './simulate.ts';

export const DEMO_COMPANY = { customers: 1_000, days: 90, seed: 'psizero-demo', handoverDays: 7 } as const;

/** The parts of the app seeding needs (the App itself fits). */
export interface SeedableApp {
  domain: Domain;
  engine: { clock: { now(): number } };
  policy: { directory: Directory };
}

export async function seedDemoCompanyIfEmpty(app: SeedableApp): Promise<SimulationSummary | null> {
  if ((await app.domain.queries.count('customers')) > 0) return null;
  return simulate(app.domain.ingest, {
    ...DEMO_COMPANY,
    end: new Date(app.engine.clock.now()).toISOString().slice(0, 10),
    csmIds: holdersOfRole(app.policy.directory, 'customer_success_manager').map((p) => p.id),
  });
}

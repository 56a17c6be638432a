export { simulate, type SimulationOptions, type SimulationSummary, type SimulationTarget } from './simulate.ts';
export {
  DEMO_COMPANY,
  DEMO_TAKEOVER_DAYS,
  completeDemoTakeover,
  seedDemoCompanyIfEmpty,
  startDemoCompany,
  type DemoApp,
  type DemoStart,
  type SeedableApp,
  type SeedOptions,
} from './seed-demo.ts';
export { SimulationInvariantError } from './errors.ts';
export { Rng, type Weighted } from './prng.ts';
export { PLANS, TRAITS, type Archetype, type Plan } from './catalog.ts';

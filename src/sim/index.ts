export { simulate, type SimulationOptions, type SimulationSummary } from './simulate.ts';
export { DEMO_COMPANY, seedDemoCompanyIfEmpty, type SeedableApp } from './seed-demo.ts';
export { SimulationInvariantError } from './errors.ts';
export { Rng, type Weighted } from './prng.ts';
export { PLANS, TRAITS, type Archetype, type Plan } from './catalog.ts';

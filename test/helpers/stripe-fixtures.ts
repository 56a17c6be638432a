/**
 * Stripe webhook payloads built from Stripe's own OpenAPI fixtures (fixtures3.json), read from
 * PSIZERO_STRIPE_FIXTURES or ../shared/data/stripe/openapi/fixtures3.json beside the repository.
 * Tests that need them skip with one line when the file is absent.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import Stripe from 'stripe';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export function stripeFixturesPath(): string {
  return resolve(repoRoot, process.env.PSIZERO_STRIPE_FIXTURES ?? '../shared/data/stripe/openapi/fixtures3.json');
}

export type StripeResources = Record<string, Record<string, unknown>>;

export function loadStripeFixtures(): StripeResources | null {
  const path = stripeFixturesPath();
  if (!existsSync(path)) return null;
  return (JSON.parse(readFileSync(path, 'utf8')) as { resources: StripeResources }).resources;
}

/** A webhook event around a fixture object: the `event` fixture's envelope with our type, id and object. */
export function buildEvent(
  resources: StripeResources,
  type: string,
  object: Record<string, unknown>,
  overrides: { id?: string; created?: number } = {},
): string {
  const envelope = structuredClone(resources.event!);
  return JSON.stringify({
    ...envelope,
    id: overrides.id ?? `evt_${type.replace(/\W/g, '_')}`,
    type,
    created: overrides.created ?? 1_738_800_000,
    data: { object },
  });
}

export function fixture(
  resources: StripeResources,
  name: string,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  const base = resources[name];
  if (!base) throw new Error(`no '${name}' fixture in ${stripeFixturesPath()}`);
  return { ...structuredClone(base), ...overrides };
}

export function sign(payload: string, secret: string, timestampSeconds: number): string {
  return Stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp: timestampSeconds });
}

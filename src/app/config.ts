import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { ValidationError } from '../lib/errors.ts';
import { parseOrThrow } from '../lib/field-issues.ts';
import {
  EmailConfigSchema,
  SlackConfigSchema,
  SmsConfigSchema,
  channelConfigIssues,
  channelSectionsWithEnv,
  secretsInFile,
} from '../channels/channel-config.ts';

/**
 * One config loader: defaults, then an optional YAML/JSON file, then environment variables.
 * Validated once at start with field paths in every message; passed around as a value.
 */
export const configSchema = z.object({
  database: z
    .object({
      /** PostgreSQL connection URL; when absent PsiZero runs on the embedded SQLite file. */
      url: z.string().url().optional(),
      sqlitePath: z.string().min(1).default('./data/psizero.db'),
      durability: z.enum(['full', 'normal']).default('full'),
    })
    .prefault({}),
  worker: z
    .object({
      concurrency: z.number().int().positive().max(10_000).default(500),
      leaseMs: z.number().int().min(1_000).default(30_000),
      pollMs: z.number().int().min(10).default(1_000),
      snapshotEvery: z.number().int().min(2).default(100),
    })
    .prefault({}),
  http: z
    .object({
      port: z.number().int().min(0).max(65_535).default(3000),
      host: z.string().default('127.0.0.1'),
      /** Where people reach the dashboard (e.g. https://ops.example.com); links in emails point here. */
      publicUrl: z.string().url().optional(),
      /** Behind a TLS-terminating proxy: trust X-Forwarded-Proto to decide whether cookies are Secure. */
      trustProxy: z.boolean().default(false),
    })
    .prefault({}),
  auth: z
    .object({
      /** How long a dashboard sign-in lasts. */
      sessionTtlHours: z
        .number()
        .positive()
        .max(24 * 30)
        .default(12),
      /**
       * Demo installations: at start, every directory person without a password gets this one
       * (stored as an scrypt hash). Production sets passwords with `psizero users set-password`.
       */
      demoPassword: z.string().min(12, 'must be at least 12 characters').optional(),
      /** `psizero start` prints a one-time sign-in link for the owner, valid this long; 0: no link. */
      signInLinkMinutes: z.number().int().min(0).max(1_440).default(15),
    })
    .prefault({}),
  /**
   * Workflow modules to load at start (docs/sdk.md): paths relative to the config file (to the
   * working directory without one), resolved to absolute paths by `loadConfig`.
   */
  workflows: z.array(z.string().min(1)).default([]),
  /** The autonomy policy file (YAML or JSON, see docs/policy.md); absent means the defaults. */
  policy: z.object({ file: z.string().min(1).optional() }).prefault({}),
  approvals: z
    .object({
      /** HMAC key for signed approval links in emails; without it no links are issued. */
      linkSecret: z.string().min(32, 'must be at least 32 characters').optional(),
      linkTtlHours: z.number().positive().default(72),
    })
    .prefault({}),
  /** Stripe's webhook signing secret (`whsec_...`); without it `POST /webhooks/stripe` is not served. */
  stripe: z.object({ webhookSecret: z.string().min(1).optional() }).prefault({}),
  /** Billing cycle and payment recovery (src/workflows/billing). */
  billing: z
    .strictObject({
      /** `sandbox`: deterministic outcomes by Stripe test payment method (the demo); `stripe`: real charges. */
      gateway: z.enum(['sandbox', 'stripe']).default('sandbox'),
      stripeSecretKey: z
        .string()
        .regex(/^(sk|rk)_(test|live)_/, 'expected a Stripe secret key (sk_test_… or sk_live_…)')
        .optional(),
      /** Overrides Stripe's API host (tests, proxies). */
      stripeApiBase: z.string().url().optional(),
      /** Your billing portal, where customers update their card; `{customerId}` is replaced. */
      paymentMethodUrl: z.string().min(1).default('https://billing.example.com/update-card?customer={customerId}'),
      supportContact: z.string().min(1).default('billing@example.com'),
      /** When the daily billing run starts customers' cycles (cron, in `timezone`). */
      cycleCron: z.string().min(1).default('0 6 * * *'),
      timezone: z.string().min(1).default('UTC'),
    })
    .refine((b) => b.gateway !== 'stripe' || b.stripeSecretKey !== undefined, {
      path: ['stripeSecretKey'],
      message: 'required when gateway is stripe',
    })
    .prefault({}),
  /** SMTP for approval emails (src/channels); absent: no email. */
  email: EmailConfigSchema.optional(),
  /** Slack app for approval messages and button clicks (src/channels); absent: no Slack. */
  slack: SlackConfigSchema.optional(),
  /** SMS provider for customers' text messages; absent: captured in the local outbox. */
  sms: SmsConfigSchema.optional(),
});

export type Config = z.infer<typeof configSchema>;

export interface LoadConfigOptions {
  file?: string;
  env?: NodeJS.ProcessEnv;
}

export function loadConfig(options: LoadConfigOptions = {}): Config {
  const env = options.env ?? process.env;
  const file =
    options.file ?? env.PSIZERO_CONFIG ?? (existsSync('psizero.config.yaml') ? 'psizero.config.yaml' : undefined);
  const raw: Record<string, Record<string, unknown>> = file ? readConfigFile(file) : {};
  const database = { ...raw.database };
  const http = { ...raw.http };
  const policy = { ...raw.policy };
  const approvals = { ...raw.approvals };
  const auth = { ...raw.auth };
  const stripe = { ...raw.stripe };
  const billing = { ...raw.billing };
  if (env.PSIZERO_STRIPE_SECRET_KEY)
    Object.assign(billing, { gateway: 'stripe', stripeSecretKey: env.PSIZERO_STRIPE_SECRET_KEY });
  if (env.PSIZERO_POLICY) policy.file = env.PSIZERO_POLICY;
  if (env.PSIZERO_APPROVAL_LINK_SECRET) approvals.linkSecret = env.PSIZERO_APPROVAL_LINK_SECRET;
  if (env.DATABASE_URL) database.url = env.DATABASE_URL;
  if (env.PSIZERO_DB) database.sqlitePath = env.PSIZERO_DB;
  if (env.PORT) http.port = Number(env.PORT);
  if (env.PSIZERO_PUBLIC_URL) http.publicUrl = env.PSIZERO_PUBLIC_URL;
  if (env.PSIZERO_DEMO_PASSWORD) auth.demoPassword = env.PSIZERO_DEMO_PASSWORD;
  if (env.PSIZERO_SIGN_IN_LINK_MINUTES) auth.signInLinkMinutes = Number(env.PSIZERO_SIGN_IN_LINK_MINUTES);
  if (env.PSIZERO_STRIPE_WEBHOOK_SECRET) stripe.webhookSecret = env.PSIZERO_STRIPE_WEBHOOK_SECRET;
  const secrets = secretsInFile(raw);
  if (secrets.length > 0) throw new ValidationError(`invalid configuration${file ? ` in ${file}` : ''}`, secrets);
  const channels = channelSectionsWithEnv(raw, env);
  const parsed = parseOrThrow(
    configSchema,
    {
      ...raw,
      database,
      http,
      policy,
      approvals,
      auth,
      stripe,
      billing,
      ...channels,
    },
    `invalid configuration${file ? ` in ${file}` : ''}`,
  );
  const across = channelConfigIssues(parsed);
  if (across.length > 0) throw new ValidationError(`invalid configuration${file ? ` in ${file}` : ''}`, across);
  const base = file === undefined ? process.cwd() : dirname(resolve(file));
  return { ...parsed, workflows: parsed.workflows.map((path) => resolve(base, path)) };
}

function readConfigFile(file: string): Record<string, Record<string, unknown>> {
  const text = readFileSync(file, 'utf8');
  const parsed: unknown = file.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ValidationError(`invalid configuration in ${file}`, [
      { path: '', message: 'expected a mapping at the top level' },
    ]);
  }
  return parsed as Record<string, Record<string, unknown>>;
}

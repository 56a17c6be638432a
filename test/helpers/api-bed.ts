/**
 * An App with its HTTP app on a test store, plus credentials for every role and a refund workflow
 * that goes through the approval gate. Route tests call `bed.call(...)` in-process; end-to-end
 * tests serve `bed.http` on a real port.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { loadConfig } from '../../src/app/config.ts';
import { createApp, type App } from '../../src/app/create-app.ts';
import { act } from '../../src/approvals/index.ts';
import { createHttpApp, type HttpApp } from '../../src/http/index.ts';
import { ManualClock, type Clock } from '../../src/lib/clock.ts';
import type { Logger } from '../../src/lib/logger.ts';
import { defineWorkflow } from '../../src/engine/workflow.ts';
import { DEFAULT_POLICY } from '../../src/policy/index.ts';
import type { SourceOverrides } from '../../src/workflows/briefing/sources/index.ts';
import type { DatabaseFactory } from './databases.ts';

export const PASSWORD = 'correct horse battery staple';
export const LINK_SECRET = 'test-link-secret-that-is-long-enough-0123456789';

/**
 * One person per role (and one with a role of the policy's own, `auditor`), for the role walk. The
 * owner heads the organisation: she has no backup, so backups never lead round in a circle.
 */
export const ONE_ROLE_EACH = {
  roles: ['auditor', ...DEFAULT_POLICY.roles],
  directory: {
    people: [
      ['olivia', 'Olivia Owens', 'owner', null],
      ['cecil', 'Cecil Carter', 'ceo', 'olivia'],
      ['carlos', 'Carlos Chen', 'cfo', 'cecil'],
      ['bianca', 'Bianca Bauer', 'board', 'olivia'],
      ['fiona', 'Fiona Finch', 'finance_manager', 'carlos'],
      ['hana', 'Hana Hughes', 'head_of_customer_success', 'olivia'],
      ['sam', 'Sam Singh', 'customer_success_manager', 'tara'],
      ['tara', 'Tara Torres', 'customer_success_manager', 'hana'],
      ['avery', 'Avery Adams', 'auditor', 'olivia'],
    ].map(([id, name, role, backupId]: (string | null)[], i) => ({
      id: id!,
      name: name!,
      roles: [role!],
      ...(backupId !== null && { backupId }),
      email: `${id}@example.com`,
      slackUserId: `U0TEST${String(i).padStart(3, '0')}`,
    })),
  },
};

export interface Creds {
  cookie?: string;
  csrf?: string;
  key?: string;
}

export interface CallOptions {
  as?: Creds;
  json?: unknown;
  form?: Record<string, string>;
  body?: string;
  headers?: Record<string, string>;
}

export interface ApiBed {
  app: App;
  http: HttpApp;
  clock: ManualClock | null;
  call(method: string, path: string, options?: CallOptions): Promise<Response>;
  /** Signs a directory person in (setting a password first) and returns their cookie and CSRF token. */
  signIn(personId: string): Promise<Creds>;
  key(role: string, personId?: string | null): Promise<Creds>;
  /** Starts the refund workflow; with a manual clock, drains it to its approval wait. */
  refund(input: z.input<typeof RefundInput>): Promise<string>;
  close(): Promise<void>;
}

const RefundInput = z.object({
  amountUsd: z.number(),
  title: z.string().optional(),
  customers: z
    .array(
      z.object({
        id: z.string(),
        name: z.string().optional(),
        enterprise: z.boolean().optional(),
        successManagerId: z.string().optional(),
      }),
    )
    .default([]),
  initiatedBy: z.string().optional(),
  recommendation: z.string().default('refund the duplicate charge'),
  /** Options the approver must pick one of (approvals with choices). */
  choices: z
    .array(
      z.object({
        id: z.string(),
        label: z.string(),
        description: z.string().optional(),
        unavailable: z.string().optional(),
      }),
    )
    .optional(),
  /** The option PsiZero recommends (one of `choices`). */
  recommendedChoice: z.string().optional(),
  /** The workflow's safer default when nobody decides in time, in words. */
  conservativeDefault: z.string().optional(),
  /** What the workflow does after a rejection, in words. */
  ifRejected: z.string().optional(),
});

export const refundWorkflow = (app: App) =>
  defineWorkflow({
    name: 'test.refund',
    input: RefundInput,
    run: (ctx, input) =>
      act(ctx, app.gate, {
        proposal: {
          id: `refund-${ctx.runId}`,
          title: input.title ?? `Refund $${input.amountUsd}`,
          classification: {
            impact: 'medium',
            complexity: 'simple',
            reversibility: 'reversible',
            stakeholders: 'customer_facing',
            financialImpact: input.amountUsd,
            timeToExecute: 1,
          },
          customers: input.customers,
          initiatedBy: input.initiatedBy,
          choices: input.choices,
        },
        execute: (info) => ({ refunded: input.amountUsd, key: info.idempotencyKey }),
        recommendation: {
          summary: input.recommendation,
          ...(input.recommendedChoice !== undefined && { choice: input.recommendedChoice }),
        },
        ...(input.conservativeDefault !== undefined && {
          conservativeDefault: { description: input.conservativeDefault },
        }),
        ...(input.ifRejected !== undefined && { ifRejected: input.ifRejected }),
      }),
  });

export interface BedOptions {
  policy?: unknown;
  /** A ManualClock lets `refund` drain to the approval wait; any other clock is only handed to the app. */
  clock?: Clock | null;
  links?: boolean;
  /** Serve `POST /webhooks/stripe` with this signing secret. */
  stripeSecret?: string;
  /** Config file sections (written to a JSON config file), e.g. `{ email: {...} }`. */
  config?: Record<string, unknown>;
  /** More environment for the config, e.g. `PSIZERO_TWILIO_AUTH_TOKEN`. */
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
  /** Briefing sources to use instead of the built-in ones, by name. */
  briefingSources?: SourceOverrides;
  /**
   * Run the morning briefing on its schedule (default off: tests that move the clock across days
   * for billing or approvals would otherwise also get each morning's briefing).
   */
  briefingSchedule?: boolean;
}

export async function createApiBed(factory: DatabaseFactory, options: BedOptions = {}): Promise<ApiBed> {
  const dir = mkdtempSync(join(tmpdir(), 'psizero-api-'));
  const env: NodeJS.ProcessEnv = { PSIZERO_DB: join(dir, 'api.db'), ...options.env };
  if (options.policy !== undefined) {
    writeFileSync(join(dir, 'policy.json'), JSON.stringify(options.policy));
    env.PSIZERO_POLICY = join(dir, 'policy.json');
  }
  if (options.links) env.PSIZERO_APPROVAL_LINK_SECRET = LINK_SECRET;
  if (options.stripeSecret !== undefined) env.PSIZERO_STRIPE_WEBHOOK_SECRET = options.stripeSecret;
  if (options.config !== undefined) {
    writeFileSync(join(dir, 'config.json'), JSON.stringify(options.config));
    env.PSIZERO_CONFIG = join(dir, 'config.json');
  }
  const config = loadConfig({ env });
  const database = await factory.create();
  const app = await createApp(config, {
    database,
    clock: options.clock ?? undefined,
    workerId: 'api-test',
    logger: options.logger,
    ...(options.briefingSources !== undefined && { briefingSources: options.briefingSources }),
    briefingSchedule: options.briefingSchedule ?? false,
  });
  const refund = refundWorkflow(app);
  app.engine.register(refund);
  const http = createHttpApp(app);
  const withPassword = new Set<string>();
  const clock = options.clock instanceof ManualClock ? options.clock : null;

  return {
    app,
    http,
    clock,
    async call(method, path, o = {}) {
      const headers: Record<string, string> = { ...o.headers };
      if (o.as?.cookie) headers.cookie = o.as.cookie;
      if (o.as?.csrf && method !== 'GET') headers['x-csrf-token'] ??= o.as.csrf;
      if (o.as?.key) headers.authorization = `Bearer ${o.as.key}`;
      let body: string | undefined = o.body;
      if (o.json !== undefined) {
        body = JSON.stringify(o.json);
        headers['content-type'] ??= 'application/json';
      } else if (o.form !== undefined) {
        body = new URLSearchParams(o.form).toString();
        headers['content-type'] ??= 'application/x-www-form-urlencoded';
      }
      return http.fetch(new Request(`http://localhost${path}`, { method, headers, body, redirect: 'manual' }));
    },
    async signIn(personId) {
      if (!withPassword.has(personId)) {
        await app.auth.setPassword(personId, PASSWORD);
        withPassword.add(personId);
      }
      const session = await app.auth.signIn(personId, PASSWORD);
      return { cookie: `psz_session=${session.token}`, csrf: session.principal.csrfToken };
    },
    async key(role, personId = null) {
      return { key: (await app.auth.createKey({ name: `test ${role}`, role, personId })).key };
    },
    async refund(input) {
      const { id } = await app.engine.start(refund, input);
      if (clock !== null) await app.engine.drain();
      return id;
    },
    async close() {
      http.close();
      await app.close();
    },
  };
}

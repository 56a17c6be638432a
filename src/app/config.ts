import { existsSync, readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { ValidationError } from '../errors.ts';
import { formatPath } from '../engine/workflow.ts';

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
  http: z.object({ port: z.number().int().min(0).max(65_535).default(3000), host: z.string().default('127.0.0.1') }).prefault({}),
  /** The autonomy policy file (YAML or JSON, see docs/policy.md); absent means the defaults. */
  policy: z.object({ file: z.string().min(1).optional() }).prefault({}),
  approvals: z
    .object({
      /** HMAC key for signed approval links in emails; without it no links are issued. */
      linkSecret: z.string().min(32, 'must be at least 32 characters').optional(),
      linkTtlHours: z.number().positive().default(72),
    })
    .prefault({}),
});

export type Config = z.infer<typeof configSchema>;

export interface LoadConfigOptions {
  file?: string;
  env?: NodeJS.ProcessEnv;
}

export function loadConfig(options: LoadConfigOptions = {}): Config {
  const env = options.env ?? process.env;
  const file = options.file ?? env.PSIZERO_CONFIG ?? (existsSync('psizero.config.yaml') ? 'psizero.config.yaml' : undefined);
  const raw: Record<string, Record<string, unknown>> = file ? readConfigFile(file) : {};
  const database = { ...raw.database };
  const http = { ...raw.http };
  const policy = { ...raw.policy };
  const approvals = { ...raw.approvals };
  if (env.PSIZERO_POLICY) policy.file = env.PSIZERO_POLICY;
  if (env.PSIZERO_APPROVAL_LINK_SECRET) approvals.linkSecret = env.PSIZERO_APPROVAL_LINK_SECRET;
  if (env.DATABASE_URL) database.url = env.DATABASE_URL;
  if (env.PSIZERO_DB) database.sqlitePath = env.PSIZERO_DB;
  if (env.PORT) http.port = Number(env.PORT);
  const result = configSchema.safeParse({ ...raw, database, http, policy, approvals });
  if (!result.success) {
    throw new ValidationError(
      `invalid configuration${file ? ` in ${file}` : ''}`,
      result.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message })),
    );
  }
  return result.data;
}

function readConfigFile(file: string): Record<string, Record<string, unknown>> {
  const text = readFileSync(file, 'utf8');
  const parsed: unknown = file.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ValidationError(`invalid configuration in ${file}`, [{ path: '', message: 'expected a mapping at the top level' }]);
  }
  return parsed as Record<string, Record<string, unknown>>;
}

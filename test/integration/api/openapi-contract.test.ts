/**
 * The OpenAPI document is a contract for clients: it passes `redocly lint` with the recommended
 * rules, and the client types committed in test/generated are what openapi-typescript makes of it
 * now (after a route change: `npm run openapi:types`, and commit the result).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import openapiTS, { COMMENT_HEADER, astToString, type OpenAPI3 } from 'openapi-typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiBed, type ApiBed } from '../../helpers/api-bed.ts';
import { sqliteFactory } from '../../helpers/databases.ts';

const PUBLIC_URL = 'https://psizero.acme.test';

interface LintProblem {
  ruleId: string;
  severity: 'error' | 'warn';
  message: string;
  location: { pointer: string }[];
}

describe('the OpenAPI document as a contract', () => {
  let bed: ApiBed;
  let text: string;
  const dir = mkdtempSync(join(tmpdir(), 'psizero-openapi-'));
  beforeAll(async () => {
    bed = await createApiBed(sqliteFactory, { config: { http: { publicUrl: `${PUBLIC_URL}/` } } });
    const res = await bed.call('GET', '/openapi.json');
    expect(res.status).toBe(200);
    text = await res.text();
  });
  afterAll(async () => {
    await bed.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('names its server: the configured public URL', () => {
    const doc = JSON.parse(text) as { servers: { url: string }[] };
    expect(doc.servers).toEqual([{ url: PUBLIC_URL }]);
  });

  it('passes redocly lint with the recommended rules', async () => {
    const file = join(dir, 'openapi.json');
    writeFileSync(file, text);
    const redocly = join(process.cwd(), 'node_modules', '.bin', 'redocly');
    const { stdout } = await promisify(execFile)(
      redocly,
      ['lint', file, '--extends=recommended', '--format=json', '--max-problems=1000'],
      // No telemetry or update check: the linter must not reach out of the machine.
      { env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' } },
    ).catch((err: { stdout?: string }) => ({ stdout: err.stdout ?? '' }));
    const report = JSON.parse(stdout) as { totals: { errors: number }; problems: LintProblem[] };
    const problems = report.problems.map((p) => `${p.severity} ${p.ruleId} ${p.location[0]?.pointer ?? ''}`);
    expect(problems.filter((p) => p.startsWith('error'))).toEqual([]);
    expect(report.totals.errors).toBe(0);
    // The one warning left: liveness has no client error to describe.
    expect(problems).toEqual(['warn operation-4xx-response #/paths/~1healthz/get/responses']);
  });

  it('generates the client types committed in test/generated/openapi.d.ts', async () => {
    const types = COMMENT_HEADER + astToString(await openapiTS(JSON.parse(text) as OpenAPI3));
    await expect(types).toMatchFileSnapshot('../../generated/openapi.d.ts');
  });
});

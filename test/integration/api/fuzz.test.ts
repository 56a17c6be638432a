/**
 * Bad input at every route never gets a 500, and JSON routes always answer errors in the one
 * shape `{ error: { code, message, issues? } }`. Each route is hit, with no credentials, an admin
 * key and a signed-in owner, with malformed JSON, wrong content types, wrong JSON types, oversized
 * and deeply nested bodies, hostile path parameters and nonsense query strings.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isJsonPath } from '../../../src/http/index.ts';
import { ManualClock } from '../../../src/lib/clock.ts';
import { createApiBed, type ApiBed, type CallOptions, type Creds } from '../../helpers/api-bed.ts';
import { T0 } from '../../helpers/engine.ts';
import { sqliteFactory } from '../../helpers/databases.ts';
import { concretePath, routesOf } from './routes.ts';

const ErrorShape = z.strictObject({
  error: z.strictObject({
    code: z.string().regex(/^[A-Z][A-Z0-9_]+$/),
    message: z.string().min(1),
    issues: z.array(z.strictObject({ path: z.string(), message: z.string() })).optional(),
  }),
});

const nested = (depth: number): unknown => (depth === 0 ? {} : { a: nested(depth - 1) });

const BODIES: { label: string; options: CallOptions }[] = [
  { label: 'malformed JSON', options: { body: '{"verdict": ', headers: { 'content-type': 'application/json' } } },
  {
    label: 'JSON with text/plain',
    options: { body: '{"verdict":"approve"}', headers: { 'content-type': 'text/plain' } },
  },
  { label: 'XML', options: { body: '<a/>', headers: { 'content-type': 'application/xml' } } },
  { label: 'JSON array', options: { json: [1, 2, 3] } },
  { label: 'JSON null', options: { json: null } },
  { label: 'JSON string', options: { json: 'approve' } },
  {
    label: 'wrong types',
    options: { json: { verdict: 42, comment: ['x'], reason: {}, id: 7, title: false, classification: 'high' } },
  },
  { label: 'unknown fields', options: { json: { verdict: 'approve', admin: true, __proto__: { x: 1 } } } },
  { label: 'deeply nested', options: { json: nested(2_000) } },
  {
    label: 'oversized',
    options: {
      body: JSON.stringify({ comment: 'x'.repeat(2 * 1024 * 1024) }),
      headers: { 'content-type': 'application/json' },
    },
  },
  { label: 'empty JSON body', options: { body: '', headers: { 'content-type': 'application/json' } } },
  {
    label: 'broken multipart',
    options: { body: '--x\r\nbroken', headers: { 'content-type': 'multipart/form-data; boundary=x' } },
  },
  { label: 'form for JSON', options: { form: { verdict: 'approve', _csrf: 'nope' } } },
  { label: 'binary', options: { body: '\u0000\u0001\uFFFE', headers: { 'content-type': 'application/octet-stream' } } },
  { label: 'broken CSV', options: { body: 'id,"name\n1,"x', headers: { 'content-type': 'text/csv' } } },
  { label: 'CSV without rows', options: { body: '', headers: { 'content-type': 'text/csv' } } },
  { label: 'records of junk', options: { json: { records: [null, 1, 'x', [], { id: {} }] } } },
];

const PARAMS = [
  '%ZZ',
  '..%2F..%2Fetc%2Fpasswd',
  'x'.repeat(5_000),
  "1'; DROP TABLE runs;--",
  '%00',
  '😀',
  'v1.e30.abc',
  '__proto__',
];

const QUERIES = [
  '?limit=-1',
  '?limit=abc',
  '?limit=1e309',
  '?status=nope',
  '?since=yesterday',
  '?until=2026-13-45',
  '?afterSeq=-5',
  '?status=waiting&status=failed',
  '?workflow=' + 'w'.repeat(3_000),
  '?kind=%ZZ',
  '?next=//evil.example',
  '?before=&limit=',
];

describe('no bad input gets a 500', () => {
  let bed: ApiBed;
  const callers: { label: string; creds: Creds | undefined }[] = [];
  beforeAll(async () => {
    bed = await createApiBed(sqliteFactory, { clock: new ManualClock(T0), links: true, stripeSecret: 'whsec_fuzz' });
    await bed.refund({ amountUsd: 2_000 });
    callers.push(
      { label: 'anonymous', creds: undefined },
      { label: 'admin key', creds: await bed.key('admin') },
      { label: 'owner', creds: await bed.signIn('olivia') },
    );
  });
  afterAll(async () => {
    await bed.close();
  });

  async function check(
    failures: string[],
    method: string,
    path: string,
    routePath: string,
    label: string,
    options: CallOptions,
  ): Promise<void> {
    const res = await bed.call(method, path, {
      ...options,
      headers: { origin: 'http://localhost', ...options.headers },
    });
    const where = `${method} ${routePath} ${label}: ${res.status}`;
    if (res.status >= 500) failures.push(where);
    if (res.status >= 400 && isJsonPath(routePath)) {
      const text = await res.text();
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = text;
      }
      if (!ErrorShape.safeParse(parsed).success)
        failures.push(`${where} not in the error shape: ${text.slice(0, 200)}`);
    }
  }

  it('bodies, params and queries at every route', async () => {
    const failures: string[] = [];
    let requests = 0;
    for (const route of routesOf(bed)) {
      for (const caller of callers) {
        const as = caller.creds;
        for (const param of route.path.includes(':') ? PARAMS : []) {
          await check(
            failures,
            route.method,
            concretePath(route.path, param),
            route.path,
            `${caller.label} param ${param.slice(0, 20)}`,
            { as },
          );
          requests++;
        }
        for (const query of QUERIES) {
          await check(
            failures,
            route.method,
            `${concretePath(route.path)}${query}`,
            route.path,
            `${caller.label} query ${query.slice(0, 30)}`,
            { as },
          );
          requests++;
        }
        if (route.method === 'GET') continue;
        for (const { label, options } of BODIES) {
          await check(failures, route.method, concretePath(route.path), route.path, `${caller.label} ${label}`, {
            ...options,
            as,
          });
          requests++;
        }
      }
    }
    expect(failures).toEqual([]);
    expect(requests).toBeGreaterThan(1_000);
  });

  it('answers unknown paths and methods in the same shapes', async () => {
    const failures: string[] = [];
    for (const [method, path] of [
      ['GET', '/api/nope'],
      ['DELETE', '/api/runs'],
      ['PUT', '/api/approvals/x/decision'],
      ['GET', '/nope'],
      ['GET', '/%ZZ'],
    ] as const) {
      await check(failures, method, path, path, 'unknown', {});
    }
    expect(failures).toEqual([]);
    const res = await bed.call('GET', '/api/nope');
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: 'NOT_FOUND', message: 'no such page or endpoint' } });
  });
});

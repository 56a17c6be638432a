/** The OpenAPI document is generated from the same zod schemas that validate requests; it must describe every JSON route. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isJsonPath } from '../../../src/http/index.ts';
import { createApiBed, type ApiBed } from '../../helpers/api-bed.ts';
import { sqliteFactory } from '../../helpers/databases.ts';
import { routesOf } from './routes.ts';

interface Operation {
  summary?: string;
  parameters?: { name: string; in: string; required?: boolean }[];
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: unknown }> }>;
}

interface Document {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> };
}

/** Every `$ref` in the document, with where it was found. */
function refs(value: unknown, at = '#'): { ref: string; at: string }[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => refs(v, `${at}/${i}`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) =>
    k === '$ref' && typeof v === 'string' ? [{ ref: v, at }] : refs(v, `${at}/${k}`),
  );
}

describe('GET /openapi.json', () => {
  let bed: ApiBed;
  let doc: Document;
  beforeAll(async () => {
    bed = await createApiBed(sqliteFactory);
    const res = await bed.call('GET', '/openapi.json');
    expect(res.status).toBe(200);
    doc = (await res.json()) as Document;
  });
  afterAll(async () => {
    await bed.close();
  });

  it('is an OpenAPI 3.1 document whose references all resolve', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info).toMatchObject({ title: 'PsiZero API', version: '1' });
    expect(Object.keys(doc.components.securitySchemes)).toEqual(['apiKey', 'session', 'csrfToken']);
    for (const { ref, at } of refs(doc)) {
      const name = /^#\/components\/schemas\/(.+)$/.exec(ref)?.[1];
      expect(name !== undefined && name in doc.components.schemas, `${ref} at ${at}`).toBe(true);
    }
  });

  it('describes every JSON route (and no dashboard page), with its path parameters and responses', () => {
    const documented = new Set(
      Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`)),
    );
    const expected = routesOf(bed)
      .filter((r) => isJsonPath(r.path) && r.path !== '/openapi.json')
      .map((r) => `${r.method} ${r.path.replace(/:([A-Za-z_]+)/g, '{$1}')}`);
    expect(expected.length).toBeGreaterThan(10);
    expect([...documented].sort()).toEqual([...expected].sort());

    for (const [path, ops] of Object.entries(doc.paths)) {
      const pathParams = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      for (const [method, op] of Object.entries(ops)) {
        const where = `${method} ${path}`;
        expect(op.summary, where).toBeTruthy();
        expect(Object.keys(op.responses).length, where).toBeGreaterThan(0);
        const declared = (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name);
        expect(declared.sort(), where).toEqual(pathParams.sort());
        for (const [status, response] of Object.entries(op.responses)) {
          expect(response.description, `${where} ${status}`).toBeTruthy();
          if (Number(status) >= 400 && response.content) {
            expect(response.content['application/json']?.schema, `${where} ${status}`).toEqual({
              $ref: '#/components/schemas/Error',
            });
          }
        }
      }
    }
  });

  it('documents request bodies and query parameters from the validating schemas', () => {
    const decide = doc.paths['/api/approvals/{id}/decision']!.post!;
    const body = decide.requestBody!.content['application/json']!.schema as {
      properties: Record<string, unknown>;
      required: string[];
    };
    expect(Object.keys(body.properties).sort()).toEqual(['choice', 'comment', 'reason', 'verdict']);
    expect(body.required).toEqual(['verdict']);
    const list = doc.paths['/api/runs']!.get!;
    expect((list.parameters ?? []).map((p) => p.name).sort()).toEqual([
      'before',
      'limit',
      'parentId',
      'since',
      'status',
      'until',
      'workflow',
    ]);
    expect(doc.components.schemas).toHaveProperty('Run');
    expect(doc.components.schemas).toHaveProperty('Approval');
  });
});

/** The effective policy, and the decision record PsiZero would make for a proposed action. */
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { ProposedActionSchema, buildDecisionRecord, formatDecisionRecord } from '../../../policy/index.ts';
import { RULES } from '../../shared/access-rules.ts';
import type { ApiRouter, RouteDeps } from '../../shared/router.ts';
import { errorResponses, json } from '../schemas.ts';

/** Policies and records are deeply readonly; the response is a plain, mutable JSON copy. */
const plainJson = (value: object): Record<string, unknown> =>
  JSON.parse(JSON.stringify(value)) as Record<string, unknown>;

export function registerPolicyRoutes(api: ApiRouter, { app, guard }: RouteDeps): void {
  api.openapi(
    createRoute({
      method: 'get',
      path: '/api/policy',
      tags: ['policy'],
      summary: 'The effective policy (the policy file merged over the defaults)',
      middleware: [guard.allow(RULES.policyRead)] as const,
      responses: {
        200: json(z.object({ policy: z.record(z.string(), z.unknown()) }), 'the policy (docs/policy.md)'),
        ...errorResponses,
      },
    }),
    async (c) => c.json({ policy: plainJson(app.policy) }, 200),
  );

  api.openapi(
    createRoute({
      method: 'post',
      path: '/api/policy/explain',
      tags: ['policy'],
      summary: 'The decision record for a proposed action',
      description: 'Level, the rules and triggers that produced it, and who would have to approve. Changes nothing.',
      middleware: [guard.allow(RULES.policyRead)] as const,
      request: { body: { required: true, content: { 'application/json': { schema: ProposedActionSchema } } } },
      responses: {
        200: json(
          z.object({ record: z.record(z.string(), z.unknown()), text: z.string() }),
          'the decision record, as data and as text',
        ),
        ...errorResponses,
      },
    }),
    async (c) => {
      const record = buildDecisionRecord(c.req.valid('json'), app.policy);
      return c.json({ record: plainJson(record), text: formatDecisionRecord(record) }, 200);
    },
  );
}

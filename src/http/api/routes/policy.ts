/** The effective policy, and the decision record PsiZero would make for a proposed action. */
import { z } from 'zod';
import { ProposedActionSchema, buildDecisionRecord, formatDecisionRecord } from '../../../policy/index.ts';
import { RULES } from '../../shared/access-rules.ts';
import type { ApiRouter, Guarded } from '../../shared/router.ts';
import type { PolicyPort } from '../../shared/services.ts';
import { guardedRoute } from '../openapi.ts';
import { errorResponses, json } from '../schemas.ts';

/** Policies and records are deeply readonly; the response is a plain, mutable JSON copy. */
const plainJson = (value: object): Record<string, unknown> =>
  JSON.parse(JSON.stringify(value)) as Record<string, unknown>;

export interface PolicyRouteDeps extends Guarded {
  policy: PolicyPort;
}

export function registerPolicyRoutes(api: ApiRouter, { guard, policy }: PolicyRouteDeps): void {
  api.openapi(
    guardedRoute(guard, RULES.policyRead, {
      method: 'get',
      path: '/api/policy',
      operationId: 'getPolicy',
      tags: ['policy'],
      summary: 'The effective policy (the policy file merged over the defaults)',
      responses: {
        200: json(z.object({ policy: z.record(z.string(), z.unknown()) }), 'the policy (docs/policy.md)'),
        ...errorResponses,
      },
    }),
    async (c) => c.json({ policy: plainJson(policy.current) }, 200),
  );

  api.openapi(
    guardedRoute(guard, RULES.policyRead, {
      method: 'post',
      path: '/api/policy/explain',
      operationId: 'explainAction',
      tags: ['policy'],
      summary: 'The decision record for a proposed action',
      description: 'Level, the rules and triggers that produced it, and who would have to approve. Changes nothing.',
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
      const record = buildDecisionRecord(c.req.valid('json'), policy.current);
      return c.json({ record: plainJson(record), text: formatDecisionRecord(record) }, 200);
    },
  );
}

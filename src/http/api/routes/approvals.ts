/** Approvals: the caller's inbox, every approval (oversight), one approval, and deciding. */
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { channelOf } from '../../../auth/index.ts';
import { RULES } from '../../shared/access-rules.ts';
import { decidableAs, deciderOf, inboxOf, visibleApproval } from '../../shared/approval-access.ts';
import type { ApiRouter, RouteDeps } from '../../shared/router.ts';
import { ApprovalSchema, IdParams, errorResponse, errorResponses, json, publicApproval } from '../schemas.ts';

const ListQuery = z.strictObject({
  status: z.enum(['pending', 'escalated', 'approved', 'rejected', 'expired']).optional(),
  runId: z.string().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

const DecisionBody = z.strictObject({
  verdict: z.enum(['approve', 'reject']),
  comment: z.string().max(2_000).optional(),
  reason: z.string().max(2_000).optional().meta({ description: 'required to reject' }),
  choice: z.string().min(1).max(64).nullable().optional().meta({
    description:
      "the option approved (an id from the record's `choices`); required to approve an approval that offers choices",
  }),
});

const ViewerSchema = z.object({
  personId: z.string().nullable(),
  canDecide: z.boolean(),
  requirement: z.string().nullable().meta({ description: 'the routed role the caller would decide as' }),
});

export function registerApprovalRoutes(api: ApiRouter, { app, guard }: RouteDeps): void {
  api.openapi(
    createRoute({
      method: 'get',
      path: '/api/approvals/inbox',
      tags: ['approvals'],
      summary: 'Approvals the caller may decide now, soonest deadline first',
      middleware: [guard.allow(RULES.approvalsOwn)] as const,
      responses: { 200: json(z.object({ approvals: z.array(ApprovalSchema) }), 'the inbox'), ...errorResponses },
    }),
    async (c) => {
      const personId = deciderOf(c.get('principal')!);
      return c.json({ approvals: (await inboxOf(app.approvals, personId)).map(publicApproval) }, 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/api/approvals',
      tags: ['approvals'],
      summary: 'Every approval, newest first',
      middleware: [guard.allow(RULES.approvalsAll)] as const,
      request: { query: ListQuery },
      responses: { 200: json(z.object({ approvals: z.array(ApprovalSchema) }), 'approvals'), ...errorResponses },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const approvals = await app.approvals.list({ status: q.status, runId: q.runId, limit: q.limit });
      return c.json({ approvals: approvals.map(publicApproval) }, 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/api/approvals/{id}',
      tags: ['approvals'],
      summary: 'One approval with its decision record',
      description:
        'People see the approvals they are involved in; oversight roles and machine readers see all. Others get 404.',
      middleware: [guard.allow(RULES.approvalsOwn)] as const,
      request: { params: IdParams },
      responses: {
        200: json(
          z.object({ approval: ApprovalSchema, viewer: ViewerSchema }),
          'the approval, and whether the caller may decide it',
        ),
        404: errorResponse('no such approval, or not visible to the caller'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const principal = c.get('principal')!;
      const approval = await visibleApproval(app.approvals, principal, c.req.valid('param').id);
      const personId = principal.personId;
      const requirement = personId === null ? null : decidableAs(approval, personId);
      return c.json(
        { approval: publicApproval(approval), viewer: { personId, canDecide: requirement !== null, requirement } },
        200,
      );
    },
  );

  api.openapi(
    createRoute({
      method: 'post',
      path: '/api/approvals/{id}/decision',
      tags: ['approvals'],
      summary: 'Approve or reject as the caller',
      description:
        'Decides as the signed-in person, or as the person an API key is bound to (a key bound to nobody gets 403 PERSON_REQUIRED). ' +
        'Refusals: NOT_AUTHORIZED and SELF_APPROVAL (403), REASON_REQUIRED, CHOICE_REQUIRED and UNKNOWN_CHOICE (400), ' +
        'ALREADY_DECIDED, DUPLICATE_DECISION and CHOICE_CONFLICT (409).',
      middleware: [guard.allow(RULES.approvalsOwn)] as const,
      request: {
        params: IdParams,
        body: { required: true, content: { 'application/json': { schema: DecisionBody } } },
      },
      responses: {
        200: json(z.object({ approval: ApprovalSchema }), 'the approval after the decision'),
        404: errorResponse('no such approval'),
        409: errorResponse('already decided, or another approver chose a different option'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const principal = c.get('principal')!;
      const by = deciderOf(principal);
      const id = c.req.valid('param').id;
      const body = c.req.valid('json');
      const approval = await app.approvals.decide({
        approvalId: id,
        by,
        verdict: body.verdict,
        channel: channelOf(principal),
        comment: body.comment ?? null,
        reason: body.reason ?? null,
        choice: body.choice ?? null,
      });
      return c.json({ approval: publicApproval(approval) }, 200);
    },
  );
}

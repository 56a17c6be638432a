/** Approvals: the caller's inbox, every approval (oversight), one approval, and deciding. */
import { z } from 'zod';
import { channelOf } from '../../../auth/index.ts';
import { RULES } from '../../shared/access-rules.ts';
import { decidableAs, deciderOf, inboxOf, visibleApproval } from '../../shared/approval-access.ts';
import type { ApiRouter, Guarded } from '../../shared/router.ts';
import type { ApprovalsPort } from '../../shared/services.ts';
import { guardedRoute } from '../openapi.ts';
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

export interface ApprovalRouteDeps extends Guarded {
  approvals: ApprovalsPort;
}

export function registerApprovalRoutes(api: ApiRouter, { guard, approvals }: ApprovalRouteDeps): void {
  api.openapi(
    guardedRoute(guard, RULES.approvalsOwn, {
      method: 'get',
      path: '/api/approvals/inbox',
      operationId: 'listMyApprovals',
      tags: ['approvals'],
      summary: 'Approvals the caller may decide now, soonest deadline first',
      responses: { 200: json(z.object({ approvals: z.array(ApprovalSchema) }), 'the inbox'), ...errorResponses },
    }),
    async (c) => {
      const personId = deciderOf(c.get('principal')!);
      return c.json({ approvals: (await inboxOf(approvals, personId)).map(publicApproval) }, 200);
    },
  );

  api.openapi(
    guardedRoute(guard, RULES.approvalsAll, {
      method: 'get',
      path: '/api/approvals',
      operationId: 'listApprovals',
      tags: ['approvals'],
      summary: 'Every approval, newest first',
      request: { query: ListQuery },
      responses: { 200: json(z.object({ approvals: z.array(ApprovalSchema) }), 'approvals'), ...errorResponses },
    }),
    async (c) => {
      const query = c.req.valid('query');
      const list = await approvals.list({ status: query.status, runId: query.runId, limit: query.limit });
      return c.json({ approvals: list.map(publicApproval) }, 200);
    },
  );

  api.openapi(
    guardedRoute(guard, RULES.approvalsOwn, {
      method: 'get',
      path: '/api/approvals/{id}',
      operationId: 'getApproval',
      tags: ['approvals'],
      summary: 'One approval with its decision record',
      description:
        'People see the approvals they are involved in; oversight roles and machine readers see all. Others get 404.',
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
      const approval = await visibleApproval(approvals, principal, c.req.valid('param').id);
      const personId = principal.personId;
      const requirement = personId === null ? null : decidableAs(approval, personId);
      return c.json(
        { approval: publicApproval(approval), viewer: { personId, canDecide: requirement !== null, requirement } },
        200,
      );
    },
  );

  api.openapi(
    guardedRoute(guard, RULES.approvalsOwn, {
      method: 'post',
      path: '/api/approvals/{id}/decision',
      operationId: 'decideApproval',
      tags: ['approvals'],
      summary: 'Approve or reject as the caller',
      description:
        'Decides as the signed-in person, or as the person an API key is bound to (a key bound to nobody gets 403 PERSON_REQUIRED). ' +
        'Refusals: NOT_AUTHORIZED and SELF_APPROVAL (403), REASON_REQUIRED, CHOICE_REQUIRED and UNKNOWN_CHOICE (400), ' +
        'ALREADY_DECIDED, DUPLICATE_DECISION and CHOICE_CONFLICT (409).',
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
      const approval = await approvals.decide({
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

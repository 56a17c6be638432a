/**
 * Billing: the entitlement answer PsiZero's own API gateway asks on each customer (`/v1`, a
 * stable path for a machine that is not PsiZero's dashboard), payment-recovery cases and metrics,
 * and card updates from the billing portal (which wake the customer's recovery runs).
 */
import { z } from 'zod';
import { NotFoundError } from '../../../lib/errors.ts';
import { CASE_STATUSES } from '../../../domain/billing/index.ts';
import { RULES } from '../../shared/access-rules.ts';
import { checkCustomerInScope, customerScope } from '../../shared/business-scope.ts';
import type { ApiRouter, Guarded } from '../../shared/router.ts';
import type { BillingPort, BusinessPort } from '../../shared/services.ts';
import { guardedRoute } from '../openapi.ts';
import { IdParams, errorResponse, errorResponses, json } from '../schemas.ts';

const Restriction = z.enum(['none', 'rate_limited', 'suspended']);

const EntitlementSchema = z
  .object({
    customerId: z.string(),
    access: Restriction.meta({
      description: 'none: full access; rate_limited: apply the reduced rate limit; suspended: refuse API calls',
    }),
    since: z.number().nullable(),
    unpaidInvoices: z.array(
      z.object({
        invoiceId: z.string(),
        amountCents: z.number().int(),
        currency: z.string(),
        restriction: Restriction,
        failedAt: z.number(),
      }),
    ),
  })
  .meta({ id: 'Entitlement' });

const CaseSchema = z
  .looseObject({
    invoiceId: z.string(),
    customerId: z.string(),
    runId: z.string(),
    amountCents: z.number().int(),
    status: z.enum(CASE_STATUSES),
    restriction: Restriction,
    attempts: z.number().int(),
    escalations: z.number().int(),
    failedAt: z.number(),
    recoveredAt: z.number().nullable(),
  })
  .meta({ id: 'RecoveryCase' });

const MetricsSchema = z
  .looseObject({ cases: z.number().int(), recovered: z.number().int(), recoveryRate: z.number() })
  .meta({ id: 'RecoveryMetrics' });

export interface BillingRouteDeps extends Guarded {
  billing: BillingPort;
  business: Pick<BusinessPort, 'getCustomer'>;
}

export function registerBillingRoutes(api: ApiRouter, { guard, billing, business }: BillingRouteDeps): void {
  api.openapi(
    guardedRoute(guard, RULES.businessRead, {
      method: 'get',
      path: '/v1/entitlements/{customerId}',
      operationId: 'getEntitlement',
      tags: ['billing'],
      summary: 'What API access a customer has now (grace-period restrictions of unpaid invoices)',
      description: 'A customer-success manager sees only the customers they manage (others are 404).',
      request: { params: z.object({ customerId: z.string().min(1).max(200) }) },
      responses: {
        200: json(EntitlementSchema, 'the entitlement'),
        404: errorResponse("no such customer, or not one of the caller's"),
        ...errorResponses,
      },
    }),
    async (c) => {
      const { customerId } = c.req.valid('param');
      await checkCustomerInScope(business, customerScope(c.get('principal')!), customerId);
      const entitlement = await billing.entitlement(customerId);
      if (entitlement === null) throw new NotFoundError('customer', customerId);
      return c.json(entitlement, 200);
    },
  );

  api.openapi(
    guardedRoute(guard, RULES.billingRead, {
      method: 'get',
      path: '/api/billing/recovery',
      operationId: 'getRecoveryOverview',
      tags: ['billing'],
      summary: 'Recovery metrics and the most recent recovery cases',
      request: {
        query: z.strictObject({
          since: z.coerce
            .number()
            .int()
            .min(0)
            .optional()
            .meta({ description: 'only cases whose payment failed at or after this time (ms since epoch)' }),
          status: z.enum(CASE_STATUSES).optional(),
          limit: z.coerce.number().int().min(1).max(1_000).default(100),
        }),
      },
      responses: {
        200: json(z.object({ metrics: MetricsSchema, cases: z.array(CaseSchema) }), 'metrics and cases'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const query = c.req.valid('query');
      const filter = query.since !== undefined ? { since: query.since } : {};
      const [metrics, cases] = await Promise.all([
        billing.metrics(filter),
        billing.listCases({ ...filter, ...(query.status ? { status: query.status } : {}), limit: query.limit }),
      ]);
      return c.json({ metrics, cases }, 200);
    },
  );

  api.openapi(
    guardedRoute(guard, RULES.billingRead, {
      method: 'get',
      path: '/api/billing/recovery/{id}',
      operationId: 'getRecoveryCase',
      tags: ['billing'],
      summary: 'One recovery case by invoice id, with the messages sent',
      request: { params: IdParams },
      responses: {
        200: json(
          z.object({
            case: CaseSchema,
            messages: z.array(
              z.looseObject({ day: z.number().int(), channel: z.string(), template: z.string(), status: z.string() }),
            ),
          }),
          'the case',
        ),
        404: errorResponse('no recovery case for this invoice'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const found = await billing.getCase(id);
      if (found === null) throw new NotFoundError('recovery case', id);
      return c.json({ case: found, messages: await billing.messages(id) }, 200);
    },
  );

  api.openapi(
    guardedRoute(guard, RULES.ingest, {
      method: 'put',
      path: '/api/billing/customers/{id}/payment-method',
      operationId: 'setPaymentMethod',
      tags: ['billing'],
      summary: "Record a customer's new payment method; their recovery runs retry at once",
      request: {
        params: IdParams,
        body: {
          content: {
            'application/json': {
              schema: z.strictObject({
                paymentMethod: z.string().regex(/^pm_[A-Za-z0-9_]+$/, 'expected a payment method id (pm_…)'),
              }),
            },
          },
          required: true,
        },
      },
      responses: {
        200: json(z.object({ customerId: z.string(), paymentMethod: z.string() }), 'stored'),
        404: errorResponse('no such customer'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { paymentMethod } = c.req.valid('json');
      if ((await business.getCustomer(id)) === null) throw new NotFoundError('customer', id);
      await billing.updatePaymentMethod(id, paymentMethod);
      return c.json({ customerId: id, paymentMethod }, 200);
    },
  );
}

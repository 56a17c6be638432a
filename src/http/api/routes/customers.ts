/**
 * Customers: the list (a customer-success manager sees their own) and one customer with their
 * latest invoices and tickets.
 */
import { z } from 'zod';
import { CUSTOMER_STATUSES, SEGMENTS } from '../../../domain/index.ts';
import { RULES } from '../../shared/access-rules.ts';
import { checkCustomerInScope, customerScope } from '../../shared/business-scope.ts';
import type { ApiRouter, Guarded } from '../../shared/router.ts';
import type { BusinessPort } from '../../shared/services.ts';
import { CustomerSchema, InvoiceSchema, PageLimit, RecordId, TicketSchema, scopedNote } from '../business-schemas.ts';
import { guardedRoute } from '../openapi.ts';
import { IdParams, errorResponse, errorResponses, json } from '../schemas.ts';

export interface CustomerRouteDeps extends Guarded {
  business: Pick<BusinessPort, 'listCustomers' | 'getCustomer' | 'listInvoices' | 'listTickets'>;
}

export function registerCustomerRoutes(api: ApiRouter, { guard, business }: CustomerRouteDeps): void {
  api.openapi(
    guardedRoute(guard, RULES.businessRead, {
      method: 'get',
      path: '/api/customers',
      operationId: 'listCustomers',
      tags: ['business'],
      summary: 'Customers and their current state, by id',
      description: scopedNote,
      request: {
        query: z.strictObject({
          segment: z.enum(SEGMENTS).optional(),
          status: z.enum(CUSTOMER_STATUSES).optional(),
          csmId: RecordId.optional(),
          after: RecordId.optional().meta({ description: 'page: customers with an id after this one' }),
          limit: PageLimit,
        }),
      },
      responses: { 200: json(z.object({ customers: z.array(CustomerSchema) }), 'customers'), ...errorResponses },
    }),
    async (c) => {
      const query = c.req.valid('query');
      const scope = customerScope(c.get('principal')!);
      const customers =
        scope !== null && query.csmId !== undefined && query.csmId !== scope.csmId
          ? []
          : await business.listCustomers({ ...query, ...scope });
      return c.json({ customers }, 200);
    },
  );

  api.openapi(
    guardedRoute(guard, RULES.businessRead, {
      method: 'get',
      path: '/api/customers/{id}',
      operationId: 'getCustomer',
      tags: ['business'],
      summary: 'One customer with their latest invoices and tickets',
      description: scopedNote,
      request: { params: IdParams },
      responses: {
        200: json(
          z.object({ customer: CustomerSchema, invoices: z.array(InvoiceSchema), tickets: z.array(TicketSchema) }),
          'the customer',
        ),
        404: errorResponse("no such customer, or not one of the caller's"),
        ...errorResponses,
      },
    }),
    async (c) => {
      const customerId = c.req.valid('param').id;
      await checkCustomerInScope(business, customerScope(c.get('principal')!), customerId);
      const [customer, invoices, tickets] = await Promise.all([
        business.getCustomer(customerId),
        business.listInvoices({ customerId, limit: 20 }),
        business.listTickets({ customerId, limit: 20 }),
      ]);
      return c.json({ customer: customer!, invoices, tickets }, 200);
    },
  );
}

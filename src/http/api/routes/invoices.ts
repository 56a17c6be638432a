/**
 * Invoices, newest first (a customer-success manager names one of their customers), and one
 * invoice with its lines and payment attempts.
 */
import { z } from 'zod';
import { INVOICE_STATUSES } from '../../../domain/index.ts';
import { NotFoundError } from '../../../lib/errors.ts';
import { RULES } from '../../shared/access-rules.ts';
import { customerFilterFor, customerInScope, customerScope } from '../../shared/business-scope.ts';
import type { ApiRouter, Guarded } from '../../shared/router.ts';
import type { BusinessPort } from '../../shared/services.ts';
import { InvoiceSchema, PageLimit, RecordId, scopedNote } from '../business-schemas.ts';
import { guardedRoute } from '../openapi.ts';
import { IdParams, errorResponse, errorResponses, json } from '../schemas.ts';

export interface InvoiceRouteDeps extends Guarded {
  business: Pick<BusinessPort, 'getCustomer' | 'listInvoices' | 'getInvoice' | 'listPayments'>;
}

export function registerInvoiceRoutes(api: ApiRouter, { guard, business }: InvoiceRouteDeps): void {
  api.openapi(
    guardedRoute(guard, RULES.businessRead, {
      method: 'get',
      path: '/api/invoices',
      operationId: 'listInvoices',
      tags: ['business'],
      summary: 'Invoices, newest issue date first (without lines)',
      description: `${scopedNote} For them, customerId is required.`,
      request: {
        query: z.strictObject({
          customerId: RecordId.optional(),
          status: z.enum(INVOICE_STATUSES).optional(),
          limit: PageLimit,
        }),
      },
      responses: { 200: json(z.object({ invoices: z.array(InvoiceSchema) }), 'invoices'), ...errorResponses },
    }),
    async (c) => {
      const query = c.req.valid('query');
      const customerId = await customerFilterFor(business, customerScope(c.get('principal')!), query.customerId);
      return c.json({ invoices: await business.listInvoices({ ...query, customerId }) }, 200);
    },
  );

  api.openapi(
    guardedRoute(guard, RULES.businessRead, {
      method: 'get',
      path: '/api/invoices/{id}',
      operationId: 'getInvoice',
      tags: ['business'],
      summary: 'One invoice with its lines and payment attempts',
      request: { params: IdParams },
      responses: {
        200: json(
          z.object({
            invoice: InvoiceSchema,
            payments: z.array(z.looseObject({ id: z.string(), status: z.string() })),
          }),
          'the invoice',
        ),
        404: errorResponse('no such invoice'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const invoiceId = c.req.valid('param').id;
      const invoice = await business.getInvoice(invoiceId);
      if (
        invoice === null ||
        !(await customerInScope(business, customerScope(c.get('principal')!), invoice.customerId))
      ) {
        throw new NotFoundError('invoice', invoiceId);
      }
      return c.json({ invoice, payments: await business.listPayments({ invoiceId }) }, 200);
    },
  );
}

/** Customers, invoices and tickets as the domain layer stores them (read-only; writes go through ingestion). */
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import {
  CUSTOMER_STATUSES,
  INVOICE_STATUSES,
  SEGMENTS,
  TICKET_SEVERITIES,
  TICKET_STATUSES,
} from '../../../domain/index.ts';
import { NotFoundError } from '../../../lib/errors.ts';
import { RULES } from '../../shared/access-rules.ts';
import { checkCustomerInScope, customerFilterFor, customerInScope, customerScope } from '../../shared/business-scope.ts';
import type { ApiRouter, RouteDeps } from '../../shared/router.ts';
import { IdParams, errorResponse, errorResponses, json } from '../schemas.ts';

const limit = z.coerce.number().int().min(1).max(1_000).default(100);
const id = z.string().min(1).max(200);

const CustomerSchema = z
  .looseObject({
    id: z.string(),
    name: z.string(),
    segment: z.enum(SEGMENTS),
    plan: z.string(),
    monthlyPriceCents: z.number().int(),
    status: z.enum(CUSTOMER_STATUSES),
    csmId: z.string().nullable(),
    signupDate: z.string(),
    updatedAt: z.number(),
  })
  .meta({ id: 'Customer' });

const InvoiceSchema = z
  .looseObject({
    id: z.string(),
    customerId: z.string(),
    number: z.string().nullable(),
    currency: z.string(),
    status: z.enum(INVOICE_STATUSES),
    issuedOn: z.string(),
    dueOn: z.string(),
    totalCents: z.number().int(),
    amountPaidCents: z.number().int(),
    lines: z.array(z.looseObject({ description: z.string(), amountCents: z.number().int() })),
  })
  .meta({
    id: 'Invoice',
    description: 'lists return invoices without lines (`lines: []`); the invoice route has them',
  });

const TicketSchema = z
  .looseObject({
    id: z.string(),
    customerId: z.string(),
    subject: z.string(),
    status: z.enum(TICKET_STATUSES),
    severity: z.enum(TICKET_SEVERITIES).nullable(),
    category: z.string().nullable(),
    createdAt: z.number(),
    resolvedAt: z.number().nullable(),
  })
  .meta({ id: 'Ticket' });

const scopedNote = 'A customer-success manager sees only the customers they manage (others are 404).';

export function registerBusinessRoutes(api: ApiRouter, { app, guard }: RouteDeps): void {
  const { queries } = app.domain;

  api.openapi(
    createRoute({
      method: 'get',
      path: '/api/customers',
      tags: ['business'],
      summary: 'Customers and their current state, by id',
      description: scopedNote,
      middleware: [guard.allow(RULES.businessRead)] as const,
      request: {
        query: z.strictObject({
          segment: z.enum(SEGMENTS).optional(),
          status: z.enum(CUSTOMER_STATUSES).optional(),
          csmId: id.optional(),
          after: id.optional().meta({ description: 'page: customers with an id after this one' }),
          limit,
        }),
      },
      responses: { 200: json(z.object({ customers: z.array(CustomerSchema) }), 'customers'), ...errorResponses },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const scope = customerScope(c.get('principal')!);
      const customers =
        scope !== null && q.csmId !== undefined && q.csmId !== scope.csmId
          ? []
          : await queries.listCustomers({ ...q, ...scope });
      return c.json({ customers }, 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/api/customers/{id}',
      tags: ['business'],
      summary: 'One customer with their latest invoices and tickets',
      description: scopedNote,
      middleware: [guard.allow(RULES.businessRead)] as const,
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
      await checkCustomerInScope(app.domain, customerScope(c.get('principal')!), customerId);
      const [customer, invoices, tickets] = await Promise.all([
        queries.getCustomer(customerId),
        queries.listInvoices({ customerId, limit: 20 }),
        queries.listTickets({ customerId, limit: 20 }),
      ]);
      return c.json({ customer: customer!, invoices, tickets }, 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/api/invoices',
      tags: ['business'],
      summary: 'Invoices, newest issue date first (without lines)',
      description: `${scopedNote} For them, customerId is required.`,
      middleware: [guard.allow(RULES.businessRead)] as const,
      request: {
        query: z.strictObject({ customerId: id.optional(), status: z.enum(INVOICE_STATUSES).optional(), limit }),
      },
      responses: { 200: json(z.object({ invoices: z.array(InvoiceSchema) }), 'invoices'), ...errorResponses },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const customerId = await customerFilterFor(app.domain, customerScope(c.get('principal')!), q.customerId);
      return c.json({ invoices: await queries.listInvoices({ ...q, customerId }) }, 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/api/invoices/{id}',
      tags: ['business'],
      summary: 'One invoice with its lines and payment attempts',
      middleware: [guard.allow(RULES.businessRead)] as const,
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
      const invoice = await queries.getInvoice(invoiceId);
      if (
        invoice === null ||
        !(await customerInScope(app.domain, customerScope(c.get('principal')!), invoice.customerId))
      ) {
        throw new NotFoundError('invoice', invoiceId);
      }
      return c.json({ invoice, payments: await queries.listPayments({ invoiceId }) }, 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/api/tickets',
      tags: ['business'],
      summary: 'Support tickets, newest first',
      description: `${scopedNote} For them, customerId is required.`,
      middleware: [guard.allow(RULES.businessRead)] as const,
      request: {
        query: z.strictObject({
          customerId: id.optional(),
          status: z.enum(TICKET_STATUSES).optional(),
          severity: z.enum(TICKET_SEVERITIES).optional(),
          before: z.coerce
            .number()
            .int()
            .min(0)
            .optional()
            .meta({ description: 'page: tickets created before this instant (epoch ms)' }),
          limit,
        }),
      },
      responses: { 200: json(z.object({ tickets: z.array(TicketSchema) }), 'tickets'), ...errorResponses },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const customerId = await customerFilterFor(app.domain, customerScope(c.get('principal')!), q.customerId);
      return c.json({ tickets: await queries.listTickets({ ...q, customerId }) }, 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/api/tickets/{id}',
      tags: ['business'],
      summary: 'One support ticket',
      middleware: [guard.allow(RULES.businessRead)] as const,
      request: { params: IdParams },
      responses: {
        200: json(z.object({ ticket: TicketSchema }), 'the ticket'),
        404: errorResponse('no such ticket'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const ticketId = c.req.valid('param').id;
      const ticket = await queries.getTicket(ticketId);
      if (
        ticket === null ||
        !(await customerInScope(app.domain, customerScope(c.get('principal')!), ticket.customerId))
      ) {
        throw new NotFoundError('ticket', ticketId);
      }
      return c.json({ ticket }, 200);
    },
  );
}

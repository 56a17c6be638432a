/** Support tickets, newest first (a customer-success manager names one of their customers), and one ticket. */
import { z } from 'zod';
import { TICKET_SEVERITIES, TICKET_STATUSES } from '../../../domain/index.ts';
import { NotFoundError } from '../../../lib/errors.ts';
import { RULES } from '../../shared/access-rules.ts';
import { customerFilterFor, customerInScope, customerScope } from '../../shared/business-scope.ts';
import type { ApiRouter, Guarded } from '../../shared/router.ts';
import type { BusinessPort } from '../../shared/services.ts';
import { PageLimit, RecordId, TicketSchema, scopedNote } from '../business-schemas.ts';
import { guardedRoute } from '../openapi.ts';
import { IdParams, errorResponse, errorResponses, json } from '../schemas.ts';

export interface TicketRouteDeps extends Guarded {
  business: Pick<BusinessPort, 'getCustomer' | 'listTickets' | 'getTicket'>;
}

export function registerTicketRoutes(api: ApiRouter, { guard, business }: TicketRouteDeps): void {
  api.openapi(
    guardedRoute(guard, RULES.businessRead, {
      method: 'get',
      path: '/api/tickets',
      operationId: 'listTickets',
      tags: ['business'],
      summary: 'Support tickets, newest first',
      description: `${scopedNote} For them, customerId is required.`,
      request: {
        query: z.strictObject({
          customerId: RecordId.optional(),
          status: z.enum(TICKET_STATUSES).optional(),
          severity: z.enum(TICKET_SEVERITIES).optional(),
          before: z.coerce
            .number()
            .int()
            .min(0)
            .optional()
            .meta({ description: 'page: tickets created before this instant (epoch ms)' }),
          limit: PageLimit,
        }),
      },
      responses: { 200: json(z.object({ tickets: z.array(TicketSchema) }), 'tickets'), ...errorResponses },
    }),
    async (c) => {
      const query = c.req.valid('query');
      const customerId = await customerFilterFor(business, customerScope(c.get('principal')!), query.customerId);
      return c.json({ tickets: await business.listTickets({ ...query, customerId }) }, 200);
    },
  );

  api.openapi(
    guardedRoute(guard, RULES.businessRead, {
      method: 'get',
      path: '/api/tickets/{id}',
      operationId: 'getTicket',
      tags: ['business'],
      summary: 'One support ticket',
      request: { params: IdParams },
      responses: {
        200: json(z.object({ ticket: TicketSchema }), 'the ticket'),
        404: errorResponse('no such ticket'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const ticketId = c.req.valid('param').id;
      const ticket = await business.getTicket(ticketId);
      if (
        ticket === null ||
        !(await customerInScope(business, customerScope(c.get('principal')!), ticket.customerId))
      ) {
        throw new NotFoundError('ticket', ticketId);
      }
      return c.json({ ticket }, 200);
    },
  );
}

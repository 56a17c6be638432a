/**
 * The local outbox: what customers were sent while no SMTP server or SMS provider is configured,
 * as they would have received it. A customer-success manager sees their own customers' messages.
 */
import { z } from 'zod';
import { NotFoundError } from '../../../lib/errors.ts';
import { OUTBOX_CHANNELS, type OutboxMessage } from '../../../outbox/index.ts';
import { RULES } from '../../shared/access-rules.ts';
import { checkCustomerInScope, customerInScope, customerScope } from '../../shared/business-scope.ts';
import type { ApiRouter, Guarded } from '../../shared/router.ts';
import { OUTBOX_PAGE_MAX, type BusinessPort, type OutboxPort } from '../../shared/services.ts';
import { RecordId, scopedNote } from '../business-schemas.ts';
import { guardedRoute } from '../openapi.ts';
import { IdParams, errorResponse, errorResponses, json } from '../schemas.ts';

const OutboxMessageSchema = z
  .object({
    id: z.string(),
    customerId: z.string(),
    customerName: z.string().nullable(),
    channel: z.enum(OUTBOX_CHANNELS),
    recipient: z.string().meta({ description: 'the email address, or the phone number in E.164' }),
    subject: z.string().nullable().meta({ description: 'emails only' }),
    text: z.string().meta({ description: "the email's plain-text part, or the text message" }),
    html: z.string().nullable().meta({ description: "the email's HTML part; null for text messages" }),
    template: z.string().meta({ description: 'which message it is, e.g. final_notice, invoice' }),
    invoiceId: z.string().nullable(),
    runId: z.string().meta({ description: 'the run that sent it' }),
    capturedAt: z.number().meta({ description: 'when it would have gone out (epoch milliseconds)' }),
  })
  .meta({ id: 'OutboxMessage' });

/** Without the step's idempotency key: bookkeeping, not part of the message. */
function publicMessage(m: OutboxMessage): z.infer<typeof OutboxMessageSchema> {
  return {
    id: m.id,
    customerId: m.customerId,
    customerName: m.customerName,
    channel: m.channel,
    recipient: m.recipient,
    subject: m.subject,
    text: m.text,
    html: m.html,
    template: m.template,
    invoiceId: m.invoiceId,
    runId: m.runId,
    capturedAt: m.capturedAt,
  };
}

export interface OutboxRouteDeps extends Guarded {
  outbox: OutboxPort;
  business: Pick<BusinessPort, 'getCustomer'>;
}

export function registerOutboxRoutes(api: ApiRouter, { guard, outbox, business }: OutboxRouteDeps): void {
  api.openapi(
    guardedRoute(guard, RULES.customerMessagesRead, {
      method: 'get',
      path: '/api/outbox',
      operationId: 'listOutboxMessages',
      tags: ['business'],
      summary: 'Customer email and text messages captured in the local outbox, newest first',
      description: `Captured instead of sent while no SMTP server (email) or SMS provider (text messages) is configured. ${scopedNote}`,
      request: {
        query: z.strictObject({
          customerId: RecordId.optional(),
          channel: z.enum(OUTBOX_CHANNELS).optional(),
          limit: z.coerce.number().int().min(1).max(OUTBOX_PAGE_MAX).default(100),
        }),
      },
      responses: {
        200: json(z.object({ messages: z.array(OutboxMessageSchema) }), 'the captured messages'),
        404: errorResponse("no such customer, or not one of the caller's"),
        ...errorResponses,
      },
    }),
    async (c) => {
      const query = c.req.valid('query');
      const scope = customerScope(c.get('principal')!);
      if (query.customerId !== undefined) await checkCustomerInScope(business, scope, query.customerId);
      const messages = await outbox.list({ ...query, ...scope });
      return c.json({ messages: messages.map(publicMessage) }, 200);
    },
  );

  api.openapi(
    guardedRoute(guard, RULES.customerMessagesRead, {
      method: 'get',
      path: '/api/outbox/{id}',
      operationId: 'getOutboxMessage',
      tags: ['business'],
      summary: 'One captured customer message',
      description: scopedNote,
      request: { params: IdParams },
      responses: {
        200: json(z.object({ message: OutboxMessageSchema }), 'the message'),
        404: errorResponse("no such message, or not to one of the caller's customers"),
        ...errorResponses,
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const message = await outbox.get(id);
      if (message === null) throw new NotFoundError('outbox message', id);
      const scope = customerScope(c.get('principal')!);
      if (scope !== null && !(await customerInScope(business, scope, message.customerId)))
        throw new NotFoundError('outbox message', id);
      return c.json({ message: publicMessage(message) }, 200);
    },
  );
}

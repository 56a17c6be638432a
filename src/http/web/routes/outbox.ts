/** The Outbox pages: customer messages captured while nothing is configured to send them (scoped like customers). */
import { z } from 'zod';
import { NotFoundError } from '../../../lib/errors.ts';
import { OUTBOX_CHANNELS } from '../../../outbox/index.ts';
import { RULES } from '../../shared/access-rules.ts';
import { checkCustomerInScope, customerInScope, customerScope } from '../../shared/business-scope.ts';
import type { ApiRouter } from '../../shared/router.ts';
import type { BusinessPort, OutboxPort } from '../../shared/services.ts';
import { parseOrThrow } from '../../shared/validation.ts';
import { principalOf, render, type PageDeps } from '../context.ts';
import { allows } from '../layout.ts';
import { outboxMessageView, outboxView } from '../views/outbox.ts';

const PAGE = 200;

const ListQuery = z.object({
  customerId: z.string().trim().max(200).default(''),
  channel: z.enum(OUTBOX_CHANNELS).or(z.literal('')).default(''),
});

export interface OutboxPageDeps extends PageDeps {
  outbox: OutboxPort;
  business: Pick<BusinessPort, 'getCustomer'>;
}

export function registerOutboxPages(router: ApiRouter, deps: OutboxPageDeps): void {
  const { guard, outbox, business } = deps;

  router.get('/outbox', guard.allow(RULES.customerMessagesRead, { page: true }), async (c) => {
    const query = parseOrThrow(ListQuery, c.req.query(), 'filters', 'query');
    const scope = customerScope(principalOf(c));
    if (query.customerId !== '') await checkCustomerInScope(business, scope, query.customerId);
    const messages = await outbox.list({
      customerId: query.customerId || undefined,
      channel: query.channel || undefined,
      limit: PAGE,
      ...scope,
    });
    return render(c, deps, 'outbox', 'Outbox', outboxView(messages, query, PAGE));
  });

  router.get('/outbox/:id', guard.allow(RULES.customerMessagesRead, { page: true }), async (c) => {
    const id = parseOrThrow(z.string().min(1).max(200), c.req.param('id'), 'message id', 'param');
    const principal = principalOf(c);
    const message = await outbox.get(id);
    const scope = customerScope(principal);
    if (message === null || (scope !== null && !(await customerInScope(business, scope, message.customerId))))
      throw new NotFoundError('outbox message', id);
    const title = message.subject ?? `Text message to ${message.customerName ?? message.customerId}`;
    return render(c, deps, 'outbox', title, outboxMessageView(message, allows(principal, RULES.runsRead)));
  });
}

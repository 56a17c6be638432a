/** Customers pages: the list (scoped to one's own customers for a customer-success manager) and one customer. */
import { z } from 'zod';
import { CUSTOMER_STATUSES, SEGMENTS } from '../../../domain/index.ts';
import { RULES } from '../../shared/access-rules.ts';
import { checkCustomerInScope, customerScope } from '../../shared/business-scope.ts';
import type { ApiRouter, RouteDeps } from '../../shared/router.ts';
import { parseOrThrow } from '../../shared/validation.ts';
import { principalOf, render } from '../context.ts';
import { personName } from '../views/decision-record.ts';
import { customerPageView, customersView } from '../views/customers.ts';

const PAGE = 100;

const ListQuery = z.object({
  status: z.enum(CUSTOMER_STATUSES).or(z.literal('')).default(''),
  segment: z.enum(SEGMENTS).or(z.literal('')).default(''),
  after: z.string().max(200).optional(),
});

export function registerCustomerPages(router: ApiRouter, deps: RouteDeps): void {
  const { guard, app } = deps;
  const nameOf = (id: string): string => personName(app.policy.directory, id);

  router.get('/customers', guard.allow(RULES.businessRead, { page: true }), async (c) => {
    const q = parseOrThrow(ListQuery, c.req.query(), 'filters', 'query');
    const scope = customerScope(principalOf(c));
    const customers = await app.domain.queries.listCustomers({
      status: q.status || undefined,
      segment: q.segment || undefined,
      after: q.after,
      limit: PAGE + 1,
      ...scope,
    });
    const next = customers.length > PAGE ? customers[PAGE - 1]!.id : null;
    const content = customersView(
      customers.slice(0, PAGE),
      { status: q.status, segment: q.segment },
      nameOf,
      scope !== null,
      next,
    );
    return render(c, deps, 'customers', 'Customers', content);
  });

  router.get('/customers/:id', guard.allow(RULES.businessRead, { page: true }), async (c) => {
    const id = parseOrThrow(z.string().min(1).max(200), c.req.param('id'), 'customer id', 'param');
    await checkCustomerInScope(app.domain, customerScope(principalOf(c)), id);
    const [customer, invoices, tickets] = await Promise.all([
      app.domain.queries.getCustomer(id),
      app.domain.queries.listInvoices({ customerId: id, limit: 20 }),
      app.domain.queries.listTickets({ customerId: id, limit: 20 }),
    ]);
    return render(c, deps, 'customers', customer!.name, customerPageView(customer!, invoices, tickets, nameOf));
  });
}

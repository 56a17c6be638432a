/** Customers pages: the list (scoped to one's own customers for a customer-success manager) and one customer. */
import { z } from 'zod';
import { CUSTOMER_STATUSES, SEGMENTS } from '../../../domain/index.ts';
import { RULES } from '../../shared/access-rules.ts';
import { checkCustomerInScope, customerScope } from '../../shared/business-scope.ts';
import type { ApiRouter } from '../../shared/router.ts';
import type { BusinessPort, PolicyPort } from '../../shared/services.ts';
import { parseOrThrow } from '../../shared/validation.ts';
import { principalOf, render, type PageDeps } from '../context.ts';
import { personName } from '../views/decision-record.ts';
import { customerPageView, customersView } from '../views/customers.ts';

const PAGE = 100;

const ListQuery = z.object({
  status: z.enum(CUSTOMER_STATUSES).or(z.literal('')).default(''),
  segment: z.enum(SEGMENTS).or(z.literal('')).default(''),
  after: z.string().max(200).optional(),
});

export interface CustomerPageDeps extends PageDeps {
  business: Pick<BusinessPort, 'listCustomers' | 'getCustomer' | 'listInvoices' | 'listTickets'>;
  policy: PolicyPort;
}

export function registerCustomerPages(router: ApiRouter, deps: CustomerPageDeps): void {
  const { guard, business, policy } = deps;
  const nameOf = (id: string): string => personName(policy.current.directory, id);

  router.get('/customers', guard.allow(RULES.businessRead, { page: true }), async (c) => {
    const query = parseOrThrow(ListQuery, c.req.query(), 'filters', 'query');
    const scope = customerScope(principalOf(c));
    const customers = await business.listCustomers({
      // "Past due" here is billing's "in recovery": an open recovery case (CustomerFilter.pastDue).
      ...(query.status === 'past_due' ? { pastDue: true } : { status: query.status || undefined }),
      segment: query.segment || undefined,
      after: query.after,
      limit: PAGE + 1,
      ...scope,
    });
    const next = customers.length > PAGE ? customers[PAGE - 1]!.id : null;
    const content = customersView(
      customers.slice(0, PAGE),
      { status: query.status, segment: query.segment },
      nameOf,
      scope !== null,
      next,
    );
    return render(c, deps, 'customers', 'Customers', content);
  });

  router.get('/customers/:id', guard.allow(RULES.businessRead, { page: true }), async (c) => {
    const id = parseOrThrow(z.string().min(1).max(200), c.req.param('id'), 'customer id', 'param');
    await checkCustomerInScope(business, customerScope(principalOf(c)), id);
    const [customer, invoices, tickets] = await Promise.all([
      business.getCustomer(id),
      business.listInvoices({ customerId: id, limit: 20 }),
      business.listTickets({ customerId: id, limit: 20 }),
    ]);
    return render(c, deps, 'customers', customer!.name, customerPageView(customer!, invoices, tickets, nameOf));
  });
}

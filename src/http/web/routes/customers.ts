/**
 * Customers pages: the list (a customer-success manager sees their own), one customer, and one
 * invoice. Recovery cases and approvals shown here are those of the customer's own invoices.
 */
import { z } from 'zod';
import { CUSTOMER_STATUSES, SEGMENTS } from '../../../domain/index.ts';
import { CUSTOMER_SORTS } from '../../../domain/repo/customer-search.ts';
import type { Clock } from '../../../lib/clock.ts';
import { NotFoundError } from '../../../lib/errors.ts';
import { holdersOfRole } from '../../../policy/index.ts';
import { RULES } from '../../shared/access-rules.ts';
import { checkCustomerInScope, customerInScope, customerScope } from '../../shared/business-scope.ts';
import type { ApiRouter } from '../../shared/router.ts';
import type { ApprovalsPort, BillingPort, BusinessPort, PolicyPort } from '../../shared/services.ts';
import { parseOrThrow } from '../../shared/validation.ts';
import { approvalsOfRuns } from '../case-approvals.ts';
import { principalOf, render, type PageDeps } from '../context.ts';
import { allows } from '../layout.ts';
import { customerPageView, customersView } from '../views/customers.ts';
import { personName } from '../views/decision-record.ts';
import { invoicePageView } from '../views/invoice.ts';

const PAGE = 100;

const ListQuery = z.object({
  q: z.string().max(200).default(''),
  status: z.enum(CUSTOMER_STATUSES).or(z.literal('')).default(''),
  segment: z.enum(SEGMENTS).or(z.literal('')).default(''),
  csm: z.string().max(200).default(''),
  sort: z.enum(CUSTOMER_SORTS).default('name'),
  dir: z.enum(['asc', 'desc']).default('asc'),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
});

const IdParam = z.string().min(1).max(200);

export interface CustomerPageDeps extends PageDeps {
  business: Pick<
    BusinessPort,
    'searchCustomers' | 'getCustomer' | 'listInvoices' | 'getInvoice' | 'listTickets' | 'listPayments' | 'names'
  >;
  billing: Pick<BillingPort, 'namedCases' | 'getCase' | 'messages'>;
  approvals: Pick<ApprovalsPort, 'list'>;
  policy: PolicyPort;
  clock: Clock;
}

export function registerCustomerPages(router: ApiRouter, deps: CustomerPageDeps): void {
  const { guard, business, billing, approvals, policy, clock } = deps;
  const nameOf = (id: string): string => personName(policy.current.directory, id);

  router.get('/customers', guard.allow(RULES.businessRead, { page: true }), async (c) => {
    const query = parseOrThrow(ListQuery, c.req.query(), 'filters', 'query');
    const scope = customerScope(principalOf(c));
    const csmId = scope !== null ? scope.csmId : query.csm === 'none' ? null : query.csm || undefined;
    const found = await business.searchCustomers({
      ...(query.q ? { text: query.q } : {}),
      // "Past due" here is billing's "in recovery": an open recovery case (CustomerSearch.pastDue).
      ...(query.status === 'past_due' ? { pastDue: true } : query.status ? { status: query.status } : {}),
      ...(query.segment ? { segment: query.segment } : {}),
      ...(csmId !== undefined ? { csmId } : {}),
      sort: query.sort,
      descending: query.dir === 'desc',
      offset: (query.page - 1) * PAGE,
      limit: PAGE,
    });
    const managers =
      scope === null
        ? holdersOfRole(policy.current.directory, 'customer_success_manager').map((p) => ({ id: p.id, name: p.name }))
        : [];
    const content = customersView({
      customers: found.customers,
      total: found.total,
      filters: {
        q: query.q,
        status: query.status,
        segment: query.segment,
        csm: scope === null ? query.csm : '',
        sort: query.sort,
        dir: query.dir,
      },
      page: query.page,
      pageSize: PAGE,
      nameOf,
      managers,
      scoped: scope !== null,
    });
    return render(c, deps, 'customers', 'Customers', content);
  });

  router.get('/customers/:id', guard.allow(RULES.businessRead, { page: true }), async (c) => {
    const principal = principalOf(c);
    const id = parseOrThrow(IdParam, c.req.param('id'), 'customer id', 'param');
    await checkCustomerInScope(business, customerScope(principal), id);
    const [customer, invoices, payments, tickets, cases] = await Promise.all([
      business.getCustomer(id),
      business.listInvoices({ customerId: id, limit: 24 }),
      business.listPayments({ customerId: id, limit: 24 }),
      business.listTickets({ customerId: id, limit: 20 }),
      billing.namedCases({ customerId: id, limit: 50 }),
    ]);
    const names = await business.names({
      customerIds: [],
      invoiceIds: payments.flatMap((p) => (p.invoiceId === null ? [] : [p.invoiceId])),
    });
    const caseApprovals = await approvalsOfRuns(
      approvals,
      principal,
      cases.map((k) => k.runId),
    );
    const content = customerPageView({
      customer: customer!,
      invoices,
      payments,
      invoiceNumbers: new Map([...names.invoices].map(([invoiceId, n]) => [invoiceId, n.number])),
      cases: cases.map((recovery) => ({
        recovery,
        approvals: caseApprovals.filter((a) => a.approval.runId === recovery.runId),
      })),
      tickets,
      now: clock.now(),
      nameOf,
      runLinks: allows(principal, RULES.runsRead),
    });
    return render(c, deps, 'customers', customer!.name, content);
  });

  router.get('/invoices/:id', guard.allow(RULES.businessRead, { page: true }), async (c) => {
    const principal = principalOf(c);
    const id = parseOrThrow(IdParam, c.req.param('id'), 'invoice id', 'param');
    const invoice = await business.getInvoice(id);
    if (invoice === null) throw new NotFoundError('invoice', id);
    // Another manager's customer's invoice is as unknown as a missing one.
    if (!(await customerInScope(business, customerScope(principal), invoice.customerId)))
      throw new NotFoundError('invoice', id);
    const [customer, payments, recovery, messages] = await Promise.all([
      business.getCustomer(invoice.customerId),
      business.listPayments({ invoiceId: id, limit: 50 }),
      billing.getCase(id),
      billing.messages(id),
    ]);
    const caseApprovals = recovery === null ? [] : await approvalsOfRuns(approvals, principal, [recovery.runId]);
    const content = invoicePageView({
      invoice,
      customer: customer!,
      payments: payments.sort((a, b) => a.attemptedAt - b.attemptedAt),
      recovery,
      messages,
      approvals: caseApprovals,
      now: clock.now(),
      nameOf,
      runLinks: allows(principal, RULES.runsRead),
    });
    return render(c, deps, 'customers', `Invoice ${invoice.number ?? invoice.id}`, content);
  });
}

/**
 * A customer's new card, from the billing portal or the API: stored, news to their waiting
 * recovery runs (which charge it at once), and reported to the audit log with the customer's name
 * and the invoices still unpaid, since a card update is what moves their money next.
 */
import type { AuditRepository } from '../../audit/index.ts';
import type { BillingCommands, BillingQueries } from '../../domain/billing/index.ts';
import type { Clock } from '../../lib/clock.ts';
import { appendMoney } from './money-audit.ts';

export interface CardUpdateDeps {
  billing: Pick<BillingCommands, 'updatePaymentMethod'>;
  records: Pick<BillingQueries, 'requireCustomer' | 'requireInvoice' | 'listCases'>;
  audit: Pick<AuditRepository, 'append'>;
  clock: Clock;
}

export async function recordCardUpdate(deps: CardUpdateDeps, customerId: string, paymentMethod: string): Promise<void> {
  const customer = await deps.records.requireCustomer(customerId);
  await deps.billing.updatePaymentMethod(customerId, paymentMethod);
  const open = await deps.records.listCases({ customerId, status: 'open' });
  const unpaid = await Promise.all(
    open.map(async (c) => ({
      id: c.invoiceId,
      number: (await deps.records.requireInvoice(c.invoiceId)).number,
      amountCents: c.amountCents,
      currency: c.currency,
    })),
  );
  const at = deps.clock.now();
  await appendMoney(deps.audit, { runId: null, channel: 'api' }, at, [
    {
      kind: 'card_updated',
      key: `money:card:${customerId}:${at}`,
      data: { customer: { id: customer.id, name: customer.name }, paymentMethod, unpaid },
    },
  ]);
}

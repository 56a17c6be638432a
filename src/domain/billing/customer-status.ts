/**
 * The customer's standing as payment recovery moves it: past due when a charge fails, suspended
 * when the grace period runs out or a person decides so, active again once paid or written off.
 * Each change writes the status column alone (and the customer's version) inside the caller's
 * transaction, and returns the `customer.updated` event ingestion would have published for it.
 */
import { DOMAIN_TOPICS, domainEvent, type DomainEvent } from '../events.ts';
import type { CustomerStatus } from '../model/index.ts';
import type { WriteContext } from '../repo/context.ts';
import { readCustomers } from '../repo/customers.ts';
import { BillingRecordMissingError } from './errors.ts';

/** Statuses the customer's lifecycle owns: billing moves only paying accounts. */
const LIFECYCLE_STATUSES: readonly CustomerStatus[] = ['churned', 'trial', 'trial_expired'];

async function changeCustomerStatus(
  write: WriteContext,
  customerId: string,
  status: CustomerStatus,
  reason: string,
): Promise<DomainEvent[]> {
  const previous = (await readCustomers(write.trx, write.dialect, [customerId], true)).get(customerId);
  if (previous === undefined) throw new BillingRecordMissingError('customer', customerId);
  if (previous.status === status || LIFECYCLE_STATUSES.includes(previous.status)) return [];
  const next = { ...previous, status, version: previous.version + 1, updatedAt: write.now };
  await write.trx
    .updateTable('customers')
    .set({ status, version: next.version, updated_at: write.now })
    .where('id', '=', customerId)
    .execute();
  const payload = { customerId, changes: ['status'], previous: { status: previous.status }, customer: next, reason };
  return [domainEvent(DOMAIN_TOPICS.customerUpdated, customerId, payload, next.version)];
}

export function markCustomerPastDue(write: WriteContext, customerId: string, reason: string): Promise<DomainEvent[]> {
  return changeCustomerStatus(write, customerId, 'past_due', reason);
}

export function suspendCustomer(write: WriteContext, customerId: string, reason: string): Promise<DomainEvent[]> {
  return changeCustomerStatus(write, customerId, 'suspended', reason);
}

export function restoreCustomer(write: WriteContext, customerId: string, reason: string): Promise<DomainEvent[]> {
  return changeCustomerStatus(write, customerId, 'active', reason);
}

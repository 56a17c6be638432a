/**
 * Which customers a caller sees. Business-wide roles see all; a customer-success manager (with no
 * business-wide role) sees the customers they manage, and anything else of another customer is
 * NOT_FOUND, so ids reveal nothing.
 */
import { accessRolesOf, type Principal } from '../../auth/index.ts';
import { NotFoundError, ValidationError } from '../../lib/errors.ts';
import { BUSINESS_READERS } from './access-rules.ts';
import type { BusinessPort } from './services.ts';

type Customers = Pick<BusinessPort, 'getCustomer'>;

/** `null`: every customer; otherwise the directory id whose customers the caller manages. */
export type CustomerScope = { csmId: string } | null;

export function customerScope(principal: Principal): CustomerScope {
  const held = accessRolesOf(principal);
  if (BUSINESS_READERS.some((r) => held.includes(r)) || principal.personId === null) return null;
  return { csmId: principal.personId };
}

/** True when the customer exists and the caller may see it. */
export async function customerInScope(
  customers: Customers,
  scope: CustomerScope,
  customerId: string,
): Promise<boolean> {
  const customer = await customers.getCustomer(customerId);
  return customer !== null && (scope === null || customer.csmId === scope.csmId);
}

/** Throws NOT_FOUND unless the customer exists and is in scope. */
export async function checkCustomerInScope(
  customers: Customers,
  scope: CustomerScope,
  customerId: string,
): Promise<void> {
  if (!(await customerInScope(customers, scope, customerId))) throw new NotFoundError('customer', customerId);
}

/** Lists across customers need a customer for a scoped caller (the domain lists by one customer at a time). */
export async function customerFilterFor(
  customers: Customers,
  scope: CustomerScope,
  customerId: string | undefined,
): Promise<string | undefined> {
  if (customerId !== undefined) await checkCustomerInScope(customers, scope, customerId);
  else if (scope !== null) {
    throw new ValidationError('customer required', [
      { path: 'query.customerId', message: 'required: name one of the customers you manage' },
    ]);
  }
  return customerId;
}

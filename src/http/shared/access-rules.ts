/**
 * The role matrix in one place (docs/api.md shows it; a test keeps the two in step). People hold
 * the roles of the policy directory plus `person`; API keys hold one machine role.
 */
import { ANY_PERSON } from '../../auth/index.ts';
import type { Access } from './access.ts';

const roles = (...list: string[]): Access => ({ kind: 'roles', roles: list });

export const publicAccess = (reason: string): Access => ({ kind: 'public', reason });

/** Machine roles that may read operational data. */
const MACHINE_READERS = ['admin', 'operator', 'viewer'];
/** People who oversee the whole business and may see every approval. */
export const OVERSIGHT_ROLES = ['owner', 'ceo', 'cfo', 'board'];

/** Roles that see every customer; a customer-success manager sees the customers they manage. */
export const BUSINESS_READERS = [...MACHINE_READERS, ...OVERSIGHT_ROLES, 'finance_manager', 'head_of_customer_success'];

/** The roles whose holders get a morning briefing (src/workflows/briefing/audience.ts). */
const BRIEFING_READERS = [
  'owner',
  'ceo',
  'cfo',
  'finance_manager',
  'head_of_customer_success',
  'customer_success_manager',
];

export const RULES = {
  /** Runs and their history. */
  runsRead: roles(...MACHINE_READERS, 'owner', 'ceo', 'cfo', 'finance_manager', 'head_of_customer_success'),
  /** Cancel and retry runs. */
  runsOperate: roles('admin', 'operator', 'owner'),
  /** Every approval, whoever must decide it. */
  approvalsAll: roles(...MACHINE_READERS, ...OVERSIGHT_ROLES),
  /** One's own inbox, approvals one is involved in, deciding (keys must be bound to a person). */
  approvalsOwn: roles(ANY_PERSON, 'admin', 'operator'),
  /** One's own dashboard notifications; like the inbox, a key must be bound to a person to have any. */
  notificationsOwn: roles(ANY_PERSON, 'admin', 'operator'),
  auditRead: roles(...MACHINE_READERS, ...OVERSIGHT_ROLES, 'finance_manager'),
  /** The effective policy and explanations of proposed actions: everyone who works with PsiZero. */
  policyRead: roles(ANY_PERSON, ...MACHINE_READERS),
  metrics: roles(...MACHINE_READERS),
  /** Customers, invoices, tickets; a customer-success manager sees only their own customers (business-scope.ts). */
  businessRead: roles(...BUSINESS_READERS, 'customer_success_manager'),
  /** Payment recovery: cases, their messages and charges, and the recovery metrics. */
  billingRead: roles(...MACHINE_READERS, ...OVERSIGHT_ROLES, 'finance_manager'),
  /** The morning briefing: the people who get one (each sees their own role's cut). */
  briefingRead: roles(...BRIEFING_READERS),
  /** One's own briefing through the API: those people, and keys bound to one of them (like the inbox). */
  briefingOwn: roles(...BRIEFING_READERS, 'admin', 'operator'),
  /** What customers were sent (the local outbox); a customer-success manager sees their own customers' (business-scope.ts). */
  customerMessagesRead: roles(...BUSINESS_READERS, 'customer_success_manager'),
  /** Pushing business data in (batches, CSV). */
  ingest: roles('admin', 'ingest'),
  /** Anyone signed in (sign-out). */
  signedIn: roles(ANY_PERSON),
} as const satisfies Record<string, Access>;

/** True when the caller's roles include an oversight role (may see every approval). */
export function seesAllApprovals(held: readonly string[]): boolean {
  const all = RULES.approvalsAll;
  return all.kind === 'roles' && all.roles.some((r) => held.includes(r));
}

/**
 * A simulated month of billing for the recovery scenario: customers whose sandbox payment methods
 * decide how their first charge goes, and the moves the test makes over ten days (cards that start
 * working, card updates through the API, approvers' choices).
 */
import type { App } from '../../src/app/create-app.ts';
import type { CustomerInput } from '../../src/domain/index.ts';

export const DAY = 86_400_000;
export const HOUR = 3_600_000;
/** The billing day: 2026-03-01, the cycle fires at 06:00 UTC (the default cycleCron). */
export const BILLED_AT = Date.UTC(2026, 2, 1, 6, 0, 0);

/** Config sections for the scenario: customer email through the test SMTP server, recognisable billing links. */
export const SCENARIO_CONFIG = (smtpPort: number) => ({
  email: {
    host: '127.0.0.1',
    port: smtpPort,
    requireTls: false,
    from: 'PsiZero Billing <billing@psizero.test>',
    publicBaseUrl: 'http://localhost:3000',
  },
  billing: { supportContact: 'help@psizero.test', paymentMethodUrl: 'https://pay.psizero.test/card/{customerId}' },
});

export type Group = 'ok' | 'softA' | 'softB' | 'softC' | 'hardD' | 'dispute' | 'enterprise' | 'big';

export interface ScenarioCustomer {
  id: string;
  group: Group;
  method: string;
  input: CustomerInput;
}

const INSUFFICIENT = 'pm_card_chargeDeclinedInsufficientFunds';

/** A customer on the $99 pro plan managed by Sam, as both billing scenarios bill them. */
export function scenarioCustomerInput(id: string, o: Partial<CustomerInput> = {}): CustomerInput {
  return {
    id,
    name: `Customer ${id}`,
    email: `${id}@customers.test`,
    plan: 'pro',
    monthlyPriceCents: 9_900,
    employeeCount: 20,
    developerTeamSize: 5,
    csmId: 'sam',
    signupDate: '2025-11-01',
    status: 'active',
    ...o,
  };
}

function customer(id: string, group: Group, method: string, o: Partial<CustomerInput> = {}): ScenarioCustomer {
  return { id, group, method, input: scenarioCustomerInput(id, o) };
}

export function scenarioCustomers(): ScenarioCustomer[] {
  const list: ScenarioCustomer[] = [];
  const n = (g: string, i: number) => `${g}${String(i).padStart(2, '0')}`;
  for (let i = 1; i <= 6; i++) list.push(customer(n('ok', i), 'ok', 'pm_card_visa'));
  for (let i = 1; i <= 6; i++) list.push(customer(n('softa', i), 'softA', INSUFFICIENT));
  for (let i = 1; i <= 6; i++) list.push(customer(n('softb', i), 'softB', INSUFFICIENT));
  for (let i = 1; i <= 4; i++)
    list.push(customer(n('softc', i), 'softC', 'pm_card_chargeDeclinedTryAgainLater', { csmId: 'tara' }));
  for (let i = 1; i <= 4; i++) list.push(customer(n('hardd', i), 'hardD', 'pm_card_chargeDeclinedStolenCard'));
  for (let i = 1; i <= 2; i++) list.push(customer(n('disp', i), 'dispute', 'pm_card_createDispute'));
  list.push(
    customer('ent01', 'enterprise', INSUFFICIENT, {
      plan: 'enterprise',
      monthlyPriceCents: 520_000,
      employeeCount: 800,
      developerTeamSize: 60,
    }),
  );
  list.push(
    customer('big01', 'big', INSUFFICIENT, {
      plan: 'business',
      monthlyPriceCents: 240_000,
      employeeCount: 120,
      developerTeamSize: 30,
    }),
  );
  // Numbers from the range set aside for fiction (555-0100 to 555-0199), one per customer.
  list.forEach((c, i) => (c.input.phone = `+1415555${String(100 + i).padStart(4, '0')}`));
  return list;
}

export async function seedScenario(app: App, customers: readonly ScenarioCustomer[]): Promise<void> {
  const report = await app.domain.ingest.ingest(
    'customers',
    customers.map((c) => c.input),
  );
  if (report.rejected > 0)
    throw new Error(
      `scenario customers refused: ${JSON.stringify(report.records.filter((r) => r.status === 'rejected'))}`,
    );
  await app.billing.commands.setPaymentMethods(customers.map((c) => ({ customerId: c.id, paymentMethod: c.method })));
}

/** The customer's funds arrive or their bank lifts the block: the same card now succeeds (no card-update event). */
export async function cardStartsWorking(app: App, customerIds: readonly string[]): Promise<void> {
  await app.billing.commands.setPaymentMethods(
    customerIds.map((customerId) => ({ customerId, paymentMethod: 'pm_card_visa' })),
  );
}

export const invoiceOf = (customerId: string): string => `in_${customerId}_20260301`;

/** The approval(s) a recovery run raised, oldest first. */
export async function recoveryApprovals(app: App, customerId: string) {
  const all = await app.approvals.list();
  return all
    .filter((a) => a.actionId.startsWith(`billing.recovery:${invoiceOf(customerId)}:`))
    .sort((a, b) => a.createdAt - b.createdAt || a.actionId.localeCompare(b.actionId));
}

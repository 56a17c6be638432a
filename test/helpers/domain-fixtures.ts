/** Valid input records to start tests from; each test overrides what it is about. */
import type {
  CustomerInput,
  InvoiceInput,
  PaymentAttemptInput,
  TicketInput,
  UsageInput,
} from '../../src/domain/index.ts';

export function customerInput(overrides: Partial<CustomerInput> = {}): CustomerInput {
  return {
    id: 'cus_acme',
    name: 'Acme Labs',
    email: 'ops@acme.example',
    plan: 'team',
    monthlyPriceCents: 24_900,
    employeeCount: 20,
    developerTeamSize: 6,
    csmId: 'sam',
    signupDate: '2025-01-10',
    status: 'active',
    ...overrides,
  };
}

export function usageInput(overrides: Partial<UsageInput> = {}): UsageInput {
  return {
    customerId: 'cus_acme',
    day: '2025-02-01',
    apiCalls: 1200,
    apiErrors: 12,
    featuresUsed: 4,
    sessions: 9,
    docViews: 3,
    teamMembers: 5,
    ...overrides,
  };
}

export function invoiceInput(overrides: Partial<InvoiceInput> = {}): InvoiceInput {
  return {
    id: 'in_001',
    customerId: 'cus_acme',
    status: 'open',
    periodStart: '2025-02-01',
    periodEnd: '2025-02-28',
    issuedOn: '2025-02-01',
    dueOn: '2025-02-08',
    lines: [
      { description: 'Team plan', kind: 'subscription', quantity: 1, unitAmountCents: 24_900, amountCents: 24_900 },
      {
        description: 'API calls over quota',
        kind: 'usage',
        quantity: 20_000,
        unitAmountCents: 0.05,
        amountCents: 1_000,
      },
    ],
    ...overrides,
  };
}

export function paymentInput(overrides: Partial<PaymentAttemptInput> = {}): PaymentAttemptInput {
  return {
    id: 'pay_001',
    invoiceId: 'in_001',
    customerId: 'cus_acme',
    attemptedAt: Date.UTC(2025, 1, 1, 9),
    amountCents: 25_900,
    status: 'failed',
    declineCode: 'insufficient_funds',
    ...overrides,
  };
}

export function ticketInput(overrides: Partial<TicketInput> = {}): TicketInput {
  return {
    id: 'tkt_001',
    customerId: 'cus_acme',
    subject: 'Webhook signature failing',
    body: 'Our webhook endpoint rejects every event since this morning.',
    channel: 'email',
    status: 'new',
    category: 'technical',
    subcategory: 'api_integration_issues',
    severity: 'high',
    createdAt: '2025-02-03T10:00:00Z',
    ...overrides,
  };
}

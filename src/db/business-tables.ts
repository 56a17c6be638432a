/**
 * Row shapes of the business tables (src/domain, src/workflows/billing), as src/store/migrations
 * creates them; the platform's tables are in tables.ts. Integers come back as JS numbers on both
 * dialects; flags are 0/1 integers; JSON is text.
 */
import type { Generated } from 'kysely';
export interface CustomersTable {
  id: string;
  name: string;
  email: string | null;
  segment: string;
  plan: string;
  monthly_price_cents: number;
  employee_count: number;
  developer_team_size: number;
  use_case: string | null;
  csm_id: string | null;
  signup_date: string;
  status: string;
  trial_ends_on: string | null;
  stripe_customer_id: string | null;
  version: number;
  created_at: number;
  updated_at: number;
  /** E.164 (migration 0008). */
  phone: string | null;
}

export interface UsageDailyTable {
  customer_id: string;
  day: string;
  api_calls: number;
  api_errors: number;
  features_used: number;
  sessions: number;
  doc_views: number;
  team_members: number;
  version: number;
  updated_at: number;
}

export interface InvoicesTable {
  id: string;
  customer_id: string;
  number: string | null;
  currency: string;
  status: string;
  period_start: string;
  period_end: string;
  issued_on: string;
  due_on: string;
  total_cents: number;
  amount_paid_cents: number;
  paid_at: number | null;
  version: number;
  created_at: number;
  updated_at: number;
}

export interface InvoiceLinesTable {
  invoice_id: string;
  line_no: number;
  description: string;
  kind: string;
  quantity: number;
  unit_amount_cents: number | null;
  amount_cents: number;
}

export interface PaymentAttemptsTable {
  id: string;
  invoice_id: string | null;
  customer_id: string;
  attempted_at: number;
  amount_cents: number;
  currency: string;
  status: string;
  decline_code: string | null;
  advice_code: string | null;
  decline_type: string | null;
  advice: string | null;
  failure_message: string | null;
  attempt_number: number;
  disputed: number;
  version: number;
  created_at: number;
  updated_at: number;
}

export interface TicketsTable {
  id: string;
  customer_id: string;
  subject: string;
  body: string;
  channel: string;
  status: string;
  category: string | null;
  subcategory: string | null;
  severity: string | null;
  satisfaction_score: number | null;
  created_at: number;
  resolved_at: number | null;
  version: number;
  updated_at: number;
}

export interface HealthSamplesTable {
  service: string;
  at: number;
  window_minutes: number;
  downtime_minutes: number;
  latency_p50_ms: number;
  latency_p95_ms: number;
  incidents: number;
  version: number;
  updated_at: number;
}

export interface DailyMetricsTable {
  day: string;
  revenue_cents: number;
  mrr_cents: number;
  new_trials: number;
  conversions: number;
  churned: number;
  active_customers: number;
  api_calls: number;
  ticket_volume: number;
  version: number;
  updated_at: number;
}

export interface MetricTargetsTable {
  metric: string;
  day: string;
  target: number;
  version: number;
  updated_at: number;
}

export interface DomainOutboxTable {
  seq: Generated<number>;
  event_id: string;
  topic: string;
  payload: string;
  created_at: number;
}

export interface StripeEventsTable {
  id: string;
  type: string;
  received_at: number;
  outcome: string;
  detail: string | null;
}

export interface BillingAccountsTable {
  customer_id: string;
  payment_method: string;
  updated_at: number;
}

export interface RecoveryCasesTable {
  invoice_id: string;
  customer_id: string;
  run_id: string;
  amount_cents: number;
  currency: string;
  failed_at: number;
  decline_code: string;
  decline_type: string;
  disputed: number;
  status: string;
  restriction: string;
  restricted_since: number | null;
  attempts: number;
  escalations: number;
  last_message: string | null;
  recovered_at: number | null;
  recovered_attempt: number | null;
  recovered_by: string | null;
  message_before_recovery: string | null;
  closed_at: number | null;
  updated_at: number;
  /** Migration 0012: handed to a person since (null: nobody is being asked). */
  waiting_since: number | null;
  decision_outcome: string | null;
  decision_summary: string | null;
  decided_at: number | null;
}

export interface RecoveryMessagesTable {
  invoice_id: string;
  day: number;
  channel: string;
  template: string;
  status: string;
  detail: string | null;
  sent_at: number;
}

/** Migration 0012: the gateway's charge id of each charge PsiZero made (a dispute names the charge). */
export interface GatewayChargesTable {
  charge_id: string;
  payment_id: string;
  invoice_id: string;
  customer_id: string;
  created_at: number;
}

export interface SandboxChargesTable {
  idempotency_key: string;
  customer_id: string;
  invoice_id: string;
  amount_cents: number;
  payment_method: string;
  result: string;
  created_at: number;
}

/** Business data and billing (src/domain, src/workflows/billing). */
export interface DomainTables {
  customers: CustomersTable;
  usage_daily: UsageDailyTable;
  invoices: InvoicesTable;
  invoice_lines: InvoiceLinesTable;
  payment_attempts: PaymentAttemptsTable;
  tickets: TicketsTable;
  health_samples: HealthSamplesTable;
  daily_metrics: DailyMetricsTable;
  metric_targets: MetricTargetsTable;
  domain_outbox: DomainOutboxTable;
  stripe_events: StripeEventsTable;
  billing_accounts: BillingAccountsTable;
  recovery_cases: RecoveryCasesTable;
  recovery_messages: RecoveryMessagesTable;
  sandbox_charges: SandboxChargesTable;
  gateway_charges: GatewayChargesTable;
}

export type DomainTableName = keyof DomainTables;

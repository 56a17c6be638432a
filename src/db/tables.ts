/**
 * Row shapes of every table Kysely reads or writes, as src/store/migrations creates them. Integers
 * come back as JS numbers on both dialects (SQLite natively, PostgreSQL bigint through the pool's
 * int8 parser). Flags are 0/1 integers on both; JSON is text.
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
  /** Migration 0008: handed to a person since (null: nobody is being asked). */
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

/** Migration 0008: the gateway's charge id of each charge PsiZero made (a dispute names the charge). */
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

/** The engine's runs, read here only for the metrics aggregates (the store writes them). */
export interface RunsTable {
  id: string;
  workflow: string;
  status: string;
  created_at: number;
  runnable_at: number | null;
}

export interface ApprovalsTable {
  id: string;
  run_id: string;
  action_id: string;
  level: number;
  kind: string;
  status: string;
  round: number;
  deadline: number;
  initiated_by: string | null;
  created_at: number;
  updated_at: number;
  resolved_at: number | null;
  version: number;
  outbox_pending: number;
  published_at: number | null;
  publish_count: number;
  acknowledged_at: number | null;
  /** JSON: the fields nothing filters on (see approvals/approval-repository.ts). */
  body: string;
}

export interface ApprovalLinksTable {
  nonce: string;
  approval_id: string;
  person_id: string;
  intent: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

export interface AuditLogTable {
  seq: number;
  at: number;
  kind: string;
  actor: string;
  channel: string;
  run_id: string | null;
  approval_id: string | null;
  action_id: string | null;
  idem_key: string | null;
  data: string;
  prev_hash: string;
  hash: string;
}

export interface AuditHeadTable {
  id: number;
  seq: number;
  hash: string;
}

export interface ApiKeysTable {
  id: string;
  name: string;
  role: string;
  person_id: string | null;
  hash: string;
  created_at: number;
  revoked_at: number | null;
}

export interface SessionsTable {
  id: string;
  person_id: string;
  csrf_token: string;
  created_at: number;
  expires_at: number;
}

export interface PersonPasswordsTable {
  person_id: string;
  hash: string;
  updated_at: number;
}

export interface SignInThrottleTable {
  person_id: string;
  window_started_at: number;
  attempts: number;
}

export interface SignInLinksTable {
  id: string;
  person_id: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

export interface DemoPasswordsTable {
  person_id: string;
  set_at: number;
}

export interface DemoCompanyTable {
  id: number;
  seed: string;
  seeded_at: number;
  taken_over_at: number | null;
}

export interface NotificationsTable {
  id: string;
  person_id: string;
  type: string;
  title: string;
  body: string;
  approval_id: string | null;
  run_id: string | null;
  deadline: number | null;
  created_at: number;
  read_at: number | null;
}

/** Messages captured for customers while no SMTP server or SMS provider is configured (src/outbox). */
export interface CustomerOutboxTable {
  id: string;
  idempotency_key: string;
  customer_id: string;
  channel: string;
  recipient: string;
  subject: string | null;
  body_text: string;
  body_html: string | null;
  template: string;
  invoice_id: string | null;
  run_id: string;
  captured_at: number;
}

/** A morning's composed briefing (src/briefings, migration 0013). */
export interface BriefingsTable {
  date: string;
  as_of: number;
  run_id: string | null;
  composed_at: number;
  /** JSON: the briefing model (src/workflows/briefing/compose-briefing.ts). */
  model: string;
}

/** A person's rating of a morning's briefing (src/briefings, migration 0013). */
export interface BriefingRatingsTable {
  date: string;
  person_id: string;
  rating: number;
  comment: string | null;
  channel: string;
  rated_at: number;
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

/** Every table Kysely sees: the business tables and the approvals', audit's, auth's, notifications' and the customer outbox. */
export interface Tables extends DomainTables {
  runs: RunsTable;
  approvals: ApprovalsTable;
  approval_links: ApprovalLinksTable;
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
  api_keys: ApiKeysTable;
  sessions: SessionsTable;
  person_passwords: PersonPasswordsTable;
  sign_in_throttle: SignInThrottleTable;
  sign_in_links: SignInLinksTable;
  demo_passwords: DemoPasswordsTable;
  demo_company: DemoCompanyTable;
  notifications: NotificationsTable;
  customer_outbox: CustomerOutboxTable;
  briefings: BriefingsTable;
  briefing_ratings: BriefingRatingsTable;
}

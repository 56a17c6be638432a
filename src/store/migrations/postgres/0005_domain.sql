-- Business data (issue 5). Days are ISO text, instants epoch ms, money integer cents.
-- Same tables as sqlite/0001_domain.sql; bigint for instants, money and counts.

CREATE TABLE customers (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  email TEXT,
  segment TEXT NOT NULL,
  plan TEXT NOT NULL,
  monthly_price_cents BIGINT NOT NULL,
  employee_count BIGINT NOT NULL,
  developer_team_size BIGINT NOT NULL,
  use_case TEXT,
  csm_id TEXT,
  signup_date TEXT NOT NULL,
  status TEXT NOT NULL,
  trial_ends_on TEXT,
  stripe_customer_id TEXT,
  version INTEGER NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX customers_segment_status ON customers (segment, status);
CREATE INDEX customers_csm ON customers (csm_id);
CREATE INDEX customers_stripe ON customers (stripe_customer_id) WHERE stripe_customer_id IS NOT NULL;

-- The largest table (customers x days); no secondary index, per-day totals live in daily_metrics.
CREATE TABLE usage_daily (
  customer_id TEXT NOT NULL,
  day TEXT NOT NULL,
  api_calls BIGINT NOT NULL,
  api_errors BIGINT NOT NULL,
  features_used BIGINT NOT NULL,
  sessions BIGINT NOT NULL,
  doc_views BIGINT NOT NULL,
  team_members BIGINT NOT NULL,
  version INTEGER NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (customer_id, day)
);

CREATE TABLE invoices (
  id TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL,
  number TEXT,
  currency TEXT NOT NULL,
  status TEXT NOT NULL,
  period_start TEXT NOT NULL,
  period_end TEXT NOT NULL,
  issued_on TEXT NOT NULL,
  due_on TEXT NOT NULL,
  total_cents BIGINT NOT NULL,
  amount_paid_cents BIGINT NOT NULL,
  paid_at BIGINT,
  version INTEGER NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX invoices_customer ON invoices (customer_id, issued_on);
CREATE INDEX invoices_status ON invoices (status, due_on);

CREATE TABLE invoice_lines (
  invoice_id TEXT NOT NULL,
  line_no INTEGER NOT NULL,
  description TEXT NOT NULL,
  kind TEXT NOT NULL,
  quantity DOUBLE PRECISION NOT NULL,
  unit_amount_cents DOUBLE PRECISION,
  amount_cents BIGINT NOT NULL,
  PRIMARY KEY (invoice_id, line_no)
);

CREATE TABLE payment_attempts (
  id TEXT PRIMARY KEY,
  invoice_id TEXT,
  customer_id TEXT NOT NULL,
  attempted_at BIGINT NOT NULL,
  amount_cents BIGINT NOT NULL,
  currency TEXT NOT NULL,
  status TEXT NOT NULL,
  decline_code TEXT,
  advice_code TEXT,
  decline_type TEXT,
  advice TEXT,
  failure_message TEXT,
  attempt_number INTEGER NOT NULL,
  disputed INTEGER NOT NULL,
  version INTEGER NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX payment_attempts_invoice ON payment_attempts (invoice_id);
CREATE INDEX payment_attempts_customer ON payment_attempts (customer_id, attempted_at);

CREATE TABLE tickets (
  id TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL,
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  channel TEXT NOT NULL,
  status TEXT NOT NULL,
  category TEXT,
  subcategory TEXT,
  severity TEXT,
  satisfaction_score INTEGER,
  created_at BIGINT NOT NULL,
  resolved_at BIGINT,
  version INTEGER NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX tickets_customer ON tickets (customer_id, created_at);
CREATE INDEX tickets_status ON tickets (status, created_at);

CREATE TABLE health_samples (
  service TEXT NOT NULL,
  at BIGINT NOT NULL,
  window_minutes INTEGER NOT NULL,
  downtime_minutes DOUBLE PRECISION NOT NULL,
  latency_p50_ms DOUBLE PRECISION NOT NULL,
  latency_p95_ms DOUBLE PRECISION NOT NULL,
  incidents BIGINT NOT NULL,
  version INTEGER NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (service, at)
);

CREATE TABLE daily_metrics (
  day TEXT PRIMARY KEY,
  revenue_cents BIGINT NOT NULL,
  mrr_cents BIGINT NOT NULL,
  new_trials BIGINT NOT NULL,
  conversions BIGINT NOT NULL,
  churned BIGINT NOT NULL,
  active_customers BIGINT NOT NULL,
  api_calls BIGINT NOT NULL,
  ticket_volume BIGINT NOT NULL,
  version INTEGER NOT NULL,
  updated_at BIGINT NOT NULL
);

CREATE TABLE metric_targets (
  metric TEXT NOT NULL,
  day TEXT NOT NULL,
  target DOUBLE PRECISION NOT NULL,
  version INTEGER NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (metric, day)
);

-- Transactional outbox: a domain event row commits with the change it describes; the relay hands
-- it to the engine (idempotent by event_id) and deletes it.
CREATE TABLE domain_outbox (
  seq BIGSERIAL PRIMARY KEY,
  event_id TEXT NOT NULL UNIQUE,
  topic TEXT NOT NULL,
  payload TEXT NOT NULL,
  created_at BIGINT NOT NULL
);

-- Stripe events already applied: a redelivered event id is a no-op.
CREATE TABLE stripe_events (
  id TEXT PRIMARY KEY,
  type TEXT NOT NULL,
  received_at BIGINT NOT NULL,
  outcome TEXT NOT NULL,
  detail TEXT
);

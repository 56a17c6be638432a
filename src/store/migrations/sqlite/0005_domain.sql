-- Business data (issue 5). Days are ISO text, instants epoch ms, money integer cents.
-- STRICT: SQLite enforces the declared types like PostgreSQL does.

CREATE TABLE customers (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  email TEXT,
  segment TEXT NOT NULL,
  plan TEXT NOT NULL,
  monthly_price_cents INTEGER NOT NULL,
  employee_count INTEGER NOT NULL,
  developer_team_size INTEGER NOT NULL,
  use_case TEXT,
  csm_id TEXT,
  signup_date TEXT NOT NULL,
  status TEXT NOT NULL,
  trial_ends_on TEXT,
  stripe_customer_id TEXT,
  version INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX customers_segment_status ON customers (segment, status);
CREATE INDEX customers_csm ON customers (csm_id);
CREATE INDEX customers_stripe ON customers (stripe_customer_id) WHERE stripe_customer_id IS NOT NULL;

-- The largest table (customers x days). Clustered on its key and with no secondary index, so a
-- year of simulated history inserts at B-tree append speed; per-day totals live in daily_metrics.
CREATE TABLE usage_daily (
  customer_id TEXT NOT NULL,
  day TEXT NOT NULL,
  api_calls INTEGER NOT NULL,
  api_errors INTEGER NOT NULL,
  features_used INTEGER NOT NULL,
  sessions INTEGER NOT NULL,
  doc_views INTEGER NOT NULL,
  team_members INTEGER NOT NULL,
  version INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (customer_id, day)
) WITHOUT ROWID, STRICT;

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
  total_cents INTEGER NOT NULL,
  amount_paid_cents INTEGER NOT NULL,
  paid_at INTEGER,
  version INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX invoices_customer ON invoices (customer_id, issued_on);
CREATE INDEX invoices_status ON invoices (status, due_on);

CREATE TABLE invoice_lines (
  invoice_id TEXT NOT NULL,
  line_no INTEGER NOT NULL,
  description TEXT NOT NULL,
  kind TEXT NOT NULL,
  quantity REAL NOT NULL,
  unit_amount_cents REAL,
  amount_cents INTEGER NOT NULL,
  PRIMARY KEY (invoice_id, line_no)
) WITHOUT ROWID, STRICT;

CREATE TABLE payment_attempts (
  id TEXT PRIMARY KEY,
  invoice_id TEXT,
  customer_id TEXT NOT NULL,
  attempted_at INTEGER NOT NULL,
  amount_cents INTEGER NOT NULL,
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
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
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
  created_at INTEGER NOT NULL,
  resolved_at INTEGER,
  version INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX tickets_customer ON tickets (customer_id, created_at);
CREATE INDEX tickets_status ON tickets (status, created_at);

CREATE TABLE health_samples (
  service TEXT NOT NULL,
  at INTEGER NOT NULL,
  window_minutes INTEGER NOT NULL,
  downtime_minutes REAL NOT NULL,
  latency_p50_ms REAL NOT NULL,
  latency_p95_ms REAL NOT NULL,
  incidents INTEGER NOT NULL,
  version INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (service, at)
) WITHOUT ROWID, STRICT;

CREATE TABLE daily_metrics (
  day TEXT PRIMARY KEY,
  revenue_cents INTEGER NOT NULL,
  mrr_cents INTEGER NOT NULL,
  new_trials INTEGER NOT NULL,
  conversions INTEGER NOT NULL,
  churned INTEGER NOT NULL,
  active_customers INTEGER NOT NULL,
  api_calls INTEGER NOT NULL,
  ticket_volume INTEGER NOT NULL,
  version INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) WITHOUT ROWID, STRICT;

CREATE TABLE metric_targets (
  metric TEXT NOT NULL,
  day TEXT NOT NULL,
  target REAL NOT NULL,
  version INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (metric, day)
) WITHOUT ROWID, STRICT;

-- Transactional outbox: a domain event row commits with the change it describes; the relay hands
-- it to the engine (idempotent by event_id) and deletes it.
CREATE TABLE domain_outbox (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id TEXT NOT NULL UNIQUE,
  topic TEXT NOT NULL,
  payload TEXT NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;

-- Stripe events already applied: a redelivered event id is a no-op.
CREATE TABLE stripe_events (
  id TEXT PRIMARY KEY,
  type TEXT NOT NULL,
  received_at INTEGER NOT NULL,
  outcome TEXT NOT NULL,
  detail TEXT
) STRICT;

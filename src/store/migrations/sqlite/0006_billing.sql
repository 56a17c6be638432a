-- Billing and payment recovery (src/workflows/billing). Written by workflow steps with idempotent
-- upserts keyed so that a re-executed step writes the same row again, never a second one.

-- The payment method each customer is charged with (a Stripe pm_… id, or a sandbox test method).
CREATE TABLE billing_accounts (
  customer_id TEXT PRIMARY KEY,
  payment_method TEXT NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;

-- One payment-recovery case per failed invoice: its state is what GET /v1/entitlements answers
-- and what the recovery metrics are computed from.
CREATE TABLE recovery_cases (
  invoice_id TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL,
  run_id TEXT NOT NULL,
  amount_cents INTEGER NOT NULL,
  currency TEXT NOT NULL,
  failed_at INTEGER NOT NULL,
  decline_code TEXT NOT NULL,
  decline_type TEXT NOT NULL,
  disputed INTEGER NOT NULL,
  status TEXT NOT NULL,
  restriction TEXT NOT NULL,
  restricted_since INTEGER,
  attempts INTEGER NOT NULL,
  escalations INTEGER NOT NULL,
  last_message TEXT,
  recovered_at INTEGER,
  recovered_attempt INTEGER,
  recovered_by TEXT,
  message_before_recovery TEXT,
  closed_at INTEGER,
  updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX recovery_cases_customer ON recovery_cases (customer_id, status);
CREATE INDEX recovery_cases_failed ON recovery_cases (failed_at);

-- Every customer message of a recovery, including the ones that could not be sent (no SMS provider).
CREATE TABLE recovery_messages (
  invoice_id TEXT NOT NULL,
  day INTEGER NOT NULL,
  channel TEXT NOT NULL,
  template TEXT NOT NULL,
  status TEXT NOT NULL,
  detail TEXT,
  sent_at INTEGER NOT NULL,
  PRIMARY KEY (invoice_id, day, channel)
) STRICT, WITHOUT ROWID;

-- The sandbox gateway's durable idempotency ledger: like Stripe, a key charges once, whichever
-- process (or restarted process) sends it again.
CREATE TABLE sandbox_charges (
  idempotency_key TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL,
  invoice_id TEXT NOT NULL,
  amount_cents INTEGER NOT NULL,
  payment_method TEXT NOT NULL,
  result TEXT NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX sandbox_charges_invoice ON sandbox_charges (invoice_id, created_at);

-- What customers would have received while no SMTP server or SMS provider is configured (the
-- embedded default): one row per captured message, shown on the dashboard's Outbox page. The id
-- comes from the sending step's idempotency key, so a step that runs twice captures once. Not the
-- domain_outbox of 0005, which queues domain events for the engine.
CREATE TABLE customer_outbox (
  id TEXT PRIMARY KEY,
  idempotency_key TEXT NOT NULL,
  customer_id TEXT NOT NULL,
  channel TEXT NOT NULL,
  recipient TEXT NOT NULL,
  subject TEXT,
  body_text TEXT NOT NULL,
  body_html TEXT,
  template TEXT NOT NULL,
  invoice_id TEXT,
  run_id TEXT NOT NULL,
  captured_at INTEGER NOT NULL
) STRICT;
-- The page's two questions: "the latest messages" and "what was this customer sent".
CREATE INDEX customer_outbox_captured ON customer_outbox (captured_at);
CREATE INDEX customer_outbox_customer ON customer_outbox (customer_id, captured_at);

-- Customers gain a phone number (E.164, e.g. +14155550123) for text messages.
ALTER TABLE customers ADD COLUMN phone TEXT;

-- The morning briefing (issue 15).
-- Its daily figures are sums over a day's records: these indexes let it read 126 days of them
-- for 10,000 customers without scanning whole tables (usage by day covers the summed columns).
CREATE INDEX usage_daily_day ON usage_daily (day, customer_id, api_calls, api_errors);
CREATE INDEX payment_attempts_time ON payment_attempts (attempted_at, status);
CREATE INDEX tickets_created ON tickets (created_at);
CREATE INDEX customers_signup ON customers (signup_date);
CREATE INDEX audit_log_kind_at ON audit_log (kind, at);

-- Each morning's composed briefing (its figures, checks, actions and 90-day series), for the
-- dashboard's Briefing page; one per date, replaced when the morning is composed again.
CREATE TABLE briefings (
  date TEXT PRIMARY KEY,
  as_of INTEGER NOT NULL,
  run_id TEXT,
  composed_at INTEGER NOT NULL,
  model TEXT NOT NULL
) STRICT;

-- A person's rating of a morning's briefing (1-5 and a comment), from the dashboard, kept for the
-- feedback workflow to come; rating again replaces it.
CREATE TABLE briefing_ratings (
  date TEXT NOT NULL,
  person_id TEXT NOT NULL,
  rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
  comment TEXT,
  channel TEXT NOT NULL,
  rated_at INTEGER NOT NULL,
  PRIMARY KEY (date, person_id)
) STRICT;

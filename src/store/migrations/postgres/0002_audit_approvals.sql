-- The hash-chained audit log, its chain head, approvals and single-use approval-link nonces.
-- Same tables as SQLite's 0002; times in ms as BIGINT, JSON as TEXT so it reads back byte for byte.

CREATE TABLE audit_log (
  -- Assigned by the appender as head.seq + 1: no gaps, so a deleted entry shows as a missing number.
  seq BIGINT PRIMARY KEY,
  at BIGINT NOT NULL,
  kind TEXT NOT NULL,
  actor TEXT NOT NULL,
  channel TEXT NOT NULL,
  run_id TEXT,
  approval_id TEXT,
  action_id TEXT,
  idem_key TEXT UNIQUE,
  data TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX audit_log_run ON audit_log (run_id, seq) WHERE run_id IS NOT NULL;
CREATE INDEX audit_log_approval ON audit_log (approval_id, seq) WHERE approval_id IS NOT NULL;
CREATE INDEX audit_log_action ON audit_log (action_id, seq) WHERE action_id IS NOT NULL;

-- Refuse accidental edits through the application's own connections. A person with direct access
-- can drop the trigger; the hash chain is what catches them then.
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END
$$;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

-- The last entry's seq and hash. Appenders lock this row (SELECT ... FOR UPDATE), which serialises
-- appends across processes, and update it in the same transaction as the entries.
CREATE TABLE audit_head (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  seq BIGINT NOT NULL,
  hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE TABLE approvals (
  id TEXT PRIMARY KEY,
  run_id TEXT NOT NULL,
  action_id TEXT NOT NULL,
  level INTEGER NOT NULL,
  kind TEXT NOT NULL,
  status TEXT NOT NULL,
  round INTEGER NOT NULL,
  deadline BIGINT NOT NULL,
  initiated_by TEXT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  resolved_at BIGINT,
  -- Compare-and-set counter: every change names the version it read.
  version INTEGER NOT NULL,
  -- Outbox: a recorded decision whose audit entry or wake-up event may still be missing.
  outbox_pending SMALLINT NOT NULL DEFAULT 0,
  published_at BIGINT,
  publish_count INTEGER NOT NULL DEFAULT 0,
  acknowledged_at BIGINT,
  body TEXT NOT NULL
);
CREATE INDEX approvals_run ON approvals (run_id);
CREATE INDEX approvals_status ON approvals (status, created_at);
CREATE INDEX approvals_outbox ON approvals (updated_at) WHERE outbox_pending = 1;
CREATE INDEX approvals_unacknowledged ON approvals (published_at) WHERE acknowledged_at IS NULL AND published_at IS NOT NULL;

CREATE TABLE approval_links (
  nonce TEXT PRIMARY KEY,
  approval_id TEXT NOT NULL,
  person_id TEXT NOT NULL,
  intent TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  used_at BIGINT
);
CREATE INDEX approval_links_approval ON approval_links (approval_id);

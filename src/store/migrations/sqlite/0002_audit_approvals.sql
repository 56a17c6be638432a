-- The hash-chained audit log, its chain head, approvals and single-use approval-link nonces.

CREATE TABLE audit_log (
  -- Assigned by the appender as head.seq + 1: no gaps, so a deleted entry shows as a missing number.
  seq INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
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

-- Refuse accidental edits through the application's own connection. A person with direct access
-- can drop these triggers; the hash chain is what catches them then.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

-- The last entry's seq and hash, written in the same transaction as the entries: verification
-- compares it with the last entry, so deleting entries from the end of the log is caught too.
CREATE TABLE audit_head (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  seq INTEGER NOT NULL,
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
  deadline INTEGER NOT NULL,
  initiated_by TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  resolved_at INTEGER,
  -- Compare-and-set counter: every change names the version it read.
  version INTEGER NOT NULL,
  -- Outbox: a recorded decision whose audit entry or wake-up event may still be missing.
  outbox_pending INTEGER NOT NULL DEFAULT 0,
  published_at INTEGER,
  publish_count INTEGER NOT NULL DEFAULT 0,
  acknowledged_at INTEGER,
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
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at INTEGER
);
CREATE INDEX approval_links_approval ON approval_links (approval_id);

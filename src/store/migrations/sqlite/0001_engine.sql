-- Durable workflow engine: runs, their append-only history, snapshots, inboxes, event waits,
-- the event log and cron schedule slots.
CREATE TABLE runs (
  id TEXT PRIMARY KEY,
  workflow TEXT NOT NULL,
  version INTEGER NOT NULL,
  status TEXT NOT NULL,
  input TEXT,
  output TEXT,
  error TEXT,
  idempotency_key TEXT,
  parent_id TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  -- When the run may next be claimed. While leased it is the lease expiry, so a crashed worker's
  -- runs become claimable again without a separate sweep.
  runnable_at INTEGER,
  lease_owner TEXT,
  lease_until INTEGER NOT NULL DEFAULT 0,
  history_length INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX runs_idempotency ON runs (workflow, idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX runs_runnable ON runs (runnable_at) WHERE runnable_at IS NOT NULL;
CREATE INDEX runs_workflow_created ON runs (workflow, created_at);
CREATE INDEX runs_status ON runs (status, created_at);
CREATE INDEX runs_parent ON runs (parent_id) WHERE parent_id IS NOT NULL;

CREATE TABLE history (
  run_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  type TEXT NOT NULL,
  at INTEGER NOT NULL,
  data TEXT NOT NULL,
  PRIMARY KEY (run_id, seq)
) WITHOUT ROWID;

CREATE TABLE snapshots (
  run_id TEXT PRIMARY KEY,
  seq INTEGER NOT NULL,
  state TEXT NOT NULL
);

CREATE TABLE inbox (
  run_id TEXT NOT NULL,
  key TEXT NOT NULL,
  payload TEXT NOT NULL,
  at INTEGER NOT NULL,
  PRIMARY KEY (run_id, key)
) WITHOUT ROWID;

CREATE TABLE waits (
  run_id TEXT NOT NULL,
  key TEXT NOT NULL,
  topic TEXT NOT NULL,
  match TEXT,
  after_seq INTEGER NOT NULL,
  PRIMARY KEY (run_id, key)
) WITHOUT ROWID;
CREATE INDEX waits_topic ON waits (topic);

CREATE TABLE events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  topic TEXT NOT NULL,
  payload TEXT NOT NULL,
  published_at INTEGER NOT NULL,
  source_run_id TEXT
);
CREATE INDEX events_topic ON events (topic, seq);

CREATE TABLE schedules (
  name TEXT PRIMARY KEY,
  last_slot INTEGER NOT NULL
);

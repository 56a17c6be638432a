-- Durable workflow engine: runs, their append-only history, snapshots, inboxes, event waits,
-- the event log and cron schedule slots. Same tables as the SQLite adapter, with PostgreSQL types:
-- * times are bigint milliseconds since the epoch (the engine's clock unit), read back as numbers;
-- * JSON is stored as text, not jsonb: text round-trips byte for byte like SQLite (jsonb reorders
--   keys, drops duplicates and rejects \u0000), and nothing queries inside it (payload matching is
--   done in TypeScript by the shared match.ts, so both adapters match identically);
-- * ids and keys use the "C" collation so that ordering by id (time-ordered ids, `before` paging)
--   is byte order, as in SQLite, whatever the cluster's locale.
CREATE TABLE runs (
  id TEXT COLLATE "C" PRIMARY KEY,
  workflow TEXT COLLATE "C" NOT NULL,
  version INTEGER NOT NULL,
  status TEXT NOT NULL,
  input TEXT,
  output TEXT,
  error TEXT,
  idempotency_key TEXT COLLATE "C",
  parent_id TEXT COLLATE "C",
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  -- When the run may next be claimed. While leased it is the lease expiry, so a crashed worker's
  -- runs become claimable again without a separate sweep.
  runnable_at BIGINT,
  lease_owner TEXT,
  lease_until BIGINT NOT NULL DEFAULT 0,
  history_length INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX runs_idempotency ON runs (workflow, idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX runs_runnable ON runs (runnable_at) WHERE runnable_at IS NOT NULL;
CREATE INDEX runs_workflow_created ON runs (workflow, created_at);
CREATE INDEX runs_status ON runs (status, created_at);
CREATE INDEX runs_parent ON runs (parent_id) WHERE parent_id IS NOT NULL;

CREATE TABLE history (
  run_id TEXT COLLATE "C" NOT NULL,
  seq INTEGER NOT NULL,
  type TEXT NOT NULL,
  at BIGINT NOT NULL,
  data TEXT NOT NULL,
  PRIMARY KEY (run_id, seq)
);

CREATE TABLE snapshots (
  run_id TEXT COLLATE "C" PRIMARY KEY,
  seq INTEGER NOT NULL,
  state TEXT NOT NULL
);

CREATE TABLE inbox (
  run_id TEXT COLLATE "C" NOT NULL,
  key TEXT COLLATE "C" NOT NULL,
  payload TEXT NOT NULL,
  at BIGINT NOT NULL,
  PRIMARY KEY (run_id, key)
);

CREATE TABLE waits (
  run_id TEXT COLLATE "C" NOT NULL,
  key TEXT COLLATE "C" NOT NULL,
  topic TEXT COLLATE "C" NOT NULL,
  match TEXT,
  after_seq BIGINT NOT NULL,
  PRIMARY KEY (run_id, key)
);
CREATE INDEX waits_topic ON waits (topic);

-- seq is allocated while the publishing transaction holds the event advisory lock (see apply.ts),
-- so seq order is commit order and max(seq) is a safe high-water mark for new waits.
CREATE TABLE events (
  seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id TEXT COLLATE "C" NOT NULL UNIQUE,
  topic TEXT COLLATE "C" NOT NULL,
  payload TEXT NOT NULL,
  published_at BIGINT NOT NULL,
  source_run_id TEXT COLLATE "C"
);
CREATE INDEX events_topic ON events (topic, seq);

CREATE TABLE schedules (
  name TEXT COLLATE "C" PRIMARY KEY,
  last_slot BIGINT NOT NULL
);

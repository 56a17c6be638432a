-- Dashboard notifications: one row per person and message, written by a durable delivery step
-- (the id comes from the step's idempotency key, so a retried step inserts once).

CREATE TABLE notifications (
  id TEXT PRIMARY KEY,
  person_id TEXT NOT NULL,
  type TEXT NOT NULL,
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  approval_id TEXT,
  run_id TEXT,
  deadline INTEGER,
  created_at INTEGER NOT NULL,
  read_at INTEGER
);
-- The dashboard's two questions: "my latest notifications" and "what have I not read yet".
CREATE INDEX notifications_person ON notifications (person_id, created_at);
CREATE INDEX notifications_unread ON notifications (person_id, created_at) WHERE read_at IS NULL;

-- Follow-ups the morning briefing plans for a person (issue 15): a dashboard task per customer to
-- follow up with or propose an upgrade to, open until the person marks it done or dismisses it,
-- and shown in the next briefings while it is open. At most one open task per person, kind and
-- customer, so a morning that names the same customer again does not add a second one.
CREATE TABLE follow_ups (
  id TEXT PRIMARY KEY,
  person_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  customer_id TEXT NOT NULL,
  text TEXT NOT NULL,
  briefing_date TEXT NOT NULL,
  run_id TEXT,
  created_at INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open', 'done', 'dismissed')),
  closed_at INTEGER,
  closed_by TEXT
) STRICT;
CREATE UNIQUE INDEX follow_ups_one_open ON follow_ups (person_id, kind, customer_id) WHERE status = 'open';
CREATE INDEX follow_ups_person ON follow_ups (person_id, created_at);

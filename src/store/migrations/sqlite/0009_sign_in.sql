-- Signing in on a first start and under attack (issue 13).

-- Failed sign-ins per person, shared by every server process and kept across restarts. An attempt
-- is counted (reserved) before its password is checked, so a burst of parallel guesses cannot all
-- slip past the limit; a successful sign-in deletes the row.
CREATE TABLE sign_in_throttle (
  -- The directory person the attempts were for ('?' for names not in the directory).
  person_id TEXT PRIMARY KEY,
  window_started_at INTEGER NOT NULL,
  attempts INTEGER NOT NULL
);

-- One-time sign-in links (`npm start` prints one for the owner). Only the sha256 of the link's
-- token is stored; a link works once, until it expires, and a newer link replaces the unused ones.
CREATE TABLE sign_in_links (
  id TEXT PRIMARY KEY,
  person_id TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at INTEGER
);

-- The people whose password is the demo password (PSIZERO_DEMO_PASSWORD), so that start-up can
-- remove exactly those once the variable is gone; a password a person sets is never listed here.
CREATE TABLE demo_passwords (
  person_id TEXT PRIMARY KEY,
  set_at INTEGER NOT NULL
);

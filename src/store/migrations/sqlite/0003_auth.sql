-- Authentication: API keys for machines, sign-in sessions and passwords for people.
-- No secret is stored: keys and session tokens as sha256 digests, passwords as scrypt hashes.

CREATE TABLE api_keys (
  -- The key's public id (the key reads psz_<id>_<secret>); the lookup goes by it.
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  role TEXT NOT NULL,
  -- The directory person the key acts for when deciding approvals, if any.
  person_id TEXT,
  hash TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  revoked_at INTEGER
);

CREATE TABLE sessions (
  -- sha256 of the cookie's token: a stolen database does not yield live sessions.
  id TEXT PRIMARY KEY,
  person_id TEXT NOT NULL,
  csrf_token TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_expiry ON sessions (expires_at);
CREATE INDEX sessions_person ON sessions (person_id);

CREATE TABLE person_passwords (
  person_id TEXT PRIMARY KEY,
  hash TEXT NOT NULL,
  updated_at INTEGER NOT NULL
);

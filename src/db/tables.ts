/**
 * Row shapes of every table Kysely reads or writes, as src/store/migrations creates them; the
 * business tables are in business-tables.ts. Integers come back as JS numbers on both dialects
 * (SQLite natively, PostgreSQL bigint through the pool's int8 parser). Flags are 0/1 integers on
 * both; JSON is text.
 */
import type { DomainTables } from './business-tables.ts';

export type * from './business-tables.ts';

/** The engine's runs, read here only for the metrics aggregates (the store writes them). */
export interface RunsTable {
  id: string;
  workflow: string;
  status: string;
  created_at: number;
  runnable_at: number | null;
}

export interface ApprovalsTable {
  id: string;
  run_id: string;
  action_id: string;
  level: number;
  kind: string;
  status: string;
  round: number;
  deadline: number;
  initiated_by: string | null;
  created_at: number;
  updated_at: number;
  resolved_at: number | null;
  version: number;
  outbox_pending: number;
  published_at: number | null;
  publish_count: number;
  acknowledged_at: number | null;
  /** JSON: the fields nothing filters on (see approvals/approval-repository.ts). */
  body: string;
}

export interface ApprovalLinksTable {
  nonce: string;
  approval_id: string;
  person_id: string;
  intent: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

export interface AuditLogTable {
  seq: number;
  at: number;
  kind: string;
  actor: string;
  channel: string;
  run_id: string | null;
  approval_id: string | null;
  action_id: string | null;
  idem_key: string | null;
  data: string;
  prev_hash: string;
  hash: string;
}

export interface AuditHeadTable {
  id: number;
  seq: number;
  hash: string;
}

export interface ApiKeysTable {
  id: string;
  name: string;
  role: string;
  person_id: string | null;
  hash: string;
  created_at: number;
  revoked_at: number | null;
}

export interface SessionsTable {
  id: string;
  person_id: string;
  csrf_token: string;
  created_at: number;
  expires_at: number;
}

export interface PersonPasswordsTable {
  person_id: string;
  hash: string;
  updated_at: number;
}

export interface SignInThrottleTable {
  person_id: string;
  window_started_at: number;
  attempts: number;
}

export interface SignInLinksTable {
  id: string;
  person_id: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

export interface DemoPasswordsTable {
  person_id: string;
  set_at: number;
}

export interface DemoCompanyTable {
  id: number;
  seed: string;
  seeded_at: number;
  taken_over_at: number | null;
}

export interface NotificationsTable {
  id: string;
  person_id: string;
  type: string;
  title: string;
  body: string;
  approval_id: string | null;
  run_id: string | null;
  deadline: number | null;
  created_at: number;
  read_at: number | null;
}

/** Messages captured for customers while no SMTP server or SMS provider is configured (src/outbox). */
export interface CustomerOutboxTable {
  id: string;
  idempotency_key: string;
  customer_id: string;
  channel: string;
  recipient: string;
  subject: string | null;
  body_text: string;
  body_html: string | null;
  template: string;
  invoice_id: string | null;
  run_id: string;
  captured_at: number;
}

/** A morning's composed briefing (src/briefings, migration 0013). */
export interface BriefingsTable {
  date: string;
  as_of: number;
  run_id: string | null;
  composed_at: number;
  /** JSON: the briefing model (src/workflows/briefing/compose-briefing.ts). */
  model: string;
}

/** A person's rating of a morning's briefing (src/briefings, migration 0013). */
export interface BriefingRatingsTable {
  date: string;
  person_id: string;
  rating: number;
  comment: string | null;
  channel: string;
  rated_at: number;
}

/** A follow-up the morning briefing planned for a person: a dashboard task (src/briefings, migration 0014). */
export interface FollowUpsTable {
  id: string;
  person_id: string;
  /** `follow_up` (an engaged trial) or `upgrade` (a customer near its plan's quota). */
  kind: string;
  customer_id: string;
  text: string;
  briefing_date: string;
  run_id: string | null;
  created_at: number;
  status: 'open' | 'done' | 'dismissed';
  closed_at: number | null;
  closed_by: string | null;
}

/** Every table Kysely sees: the business tables and the approvals', audit's, auth's, notifications' and the customer outbox. */
export interface Tables extends DomainTables {
  runs: RunsTable;
  approvals: ApprovalsTable;
  approval_links: ApprovalLinksTable;
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
  api_keys: ApiKeysTable;
  sessions: SessionsTable;
  person_passwords: PersonPasswordsTable;
  sign_in_throttle: SignInThrottleTable;
  sign_in_links: SignInLinksTable;
  demo_passwords: DemoPasswordsTable;
  demo_company: DemoCompanyTable;
  notifications: NotificationsTable;
  customer_outbox: CustomerOutboxTable;
  briefings: BriefingsTable;
  briefing_ratings: BriefingRatingsTable;
  follow_ups: FollowUpsTable;
}

/**
 * What the HTTP layer needs from the rest of PsiZero, as ports: small structural interfaces that
 * each route module picks from. `../app-services.ts` builds them from the App in one place, so
 * routes call services (never repositories) and a route module can be tested on its own with fakes.
 */
import type { ApprovalLinks, ApprovalService } from '../../approvals/index.ts';
import type { AuditEntry, AuditFilter, AuditVerification } from '../../audit/index.ts';
import type { AuthService } from '../../auth/index.ts';
import type { BriefingRating, FollowUp, FollowUpClosing, FollowUpFilter, RatingLinks } from '../../briefings/index.ts';
import type {
  BatchReport,
  CsvImportReport,
  DomainQueries,
  EntityName,
  StripeWebhookResult,
} from '../../domain/index.ts';
import type { CustomerSearch, CustomerSearchPage } from '../../domain/repo/customer-search.ts';
import type { RecordNames } from '../../domain/repo/names.ts';
import type { CatchUpPolicy, RunInspection } from '../../engine/index.ts';
import type { Clock } from '../../lib/clock.ts';
import type { Policy, WorkflowSummary } from '../../policy/index.ts';
import type { CreatedRun, RunFilter, RunRecord } from '../../store/types.ts';
import type { NamedRecoveryCase } from '../../domain/billing/case-listing.ts';
import type { RecoveryMoney } from '../../domain/billing/recovery-money.ts';
import type {
  CaseFilter,
  CaseStatus,
  Entitlement,
  RecoveryCase,
  RecoveryMessage,
  RecoveryMetrics,
} from '../../domain/billing/index.ts';
import { MAX_NOTIFICATION_PAGE, type DashboardNotification } from '../../notifications/index.ts';
import { MAX_OUTBOX_PAGE, type OutboxFilter, type OutboxMessage } from '../../outbox/index.ts';
import type { BriefingModel, PersonalBriefing, Reader } from '../../workflows/briefing/index.ts';

/** Workflow runs: list, read, start and operate them. */
export interface RunsPort {
  list(filter: RunFilter): Promise<RunRecord[]>;
  get(id: string): Promise<RunRecord>;
  /** The run and its whole history. */
  inspect(id: string): Promise<RunInspection>;
  /** Starts the latest version of a registered workflow; the same idempotency key returns the existing run. */
  start(workflow: string, input: unknown, options: { idempotencyKey?: string }): Promise<CreatedRun>;
  cancel(id: string, reason: string): Promise<RunRecord>;
  retry(id: string): Promise<RunRecord>;
  /** Names of the registered workflows, sorted. */
  workflows(): string[];
}

/** A cron schedule as registered, with the last slot it fired. */
export interface ScheduleView {
  name: string;
  cron: string;
  /** The IANA zone the cron expression is read in. */
  timezone: string;
  workflow: string;
  catchUp: CatchUpPolicy;
  /** The latest slot fired (or skipped) so far; null before the schedule first ticked. */
  lastSlot: number | null;
}

/** The engine's cron schedules and the runs they started. */
export interface SchedulesPort {
  list(): Promise<ScheduleView[]>;
  /** The schedule's latest runs (key `schedule:<name>:<slot>`), newest first. */
  firings(name: string, limit: number): Promise<RunRecord[]>;
}

/** The approval lifecycle, as far as callers read and decide approvals. */
export type ApprovalsPort = Pick<ApprovalService, 'list' | 'get' | 'decide'>;

/** Emailed single-use approval links. */
export type ApprovalLinksPort = Pick<ApprovalLinks, 'inspect' | 'redeem'>;

/** Verifies the briefing email's signed rating links (signature, expiry). */
export type RatingLinksPort = Pick<RatingLinks, 'verify'>;

/** The audit log: entries and the verification of its hash chain. */
export interface AuditPort {
  list(filter: AuditFilter): Promise<AuditEntry[]>;
  verify(): Promise<AuditVerification>;
}

/** A dashboard notification as the HTTP layer shows it. */
export type NotificationView = DashboardNotification;

/** The most notifications one request lists (the notification store's own page cap). */
export const NOTIFICATION_PAGE_MAX = MAX_NOTIFICATION_PAGE;

/** One person's dashboard notifications; every method is scoped to that person. */
export interface NotificationsPort {
  list(personId: string, options: { unreadOnly: boolean; limit: number }): Promise<NotificationView[]>;
  countUnread(personId: string): Promise<number>;
  /** Marks those of the ids that are the person's; returns how many changed. */
  markRead(personId: string, ids: readonly string[]): Promise<number>;
  markAllRead(personId: string): Promise<number>;
}

export interface PolicyPort {
  /** The effective policy (the policy file merged over the defaults). */
  current: Policy;
  /** Where it came from, in words (a file path or "the built-in defaults"). */
  source: string;
  /** Every registered workflow's classification under the policy, each value with its source. */
  workflows(): readonly WorkflowSummary[];
}

/** Customers, invoices, payments and tickets as the domain stores them. */
export type BusinessPort = Pick<
  DomainQueries,
  'listCustomers' | 'getCustomer' | 'listInvoices' | 'getInvoice' | 'listPayments' | 'listTickets' | 'getTicket'
> & {
  /** Customers' names and invoices' numbers for many records at once (pages never show bare ids). */
  names(ids: { customerIds: readonly string[]; invoiceIds: readonly string[] }): Promise<RecordNames>;
  /** Customers searched, filtered and sorted, a page at a time, with what each owes. */
  searchCustomers(search: CustomerSearch): Promise<CustomerSearchPage>;
};

/** Billing and payment recovery. */
export interface BillingPort {
  /** Null when the customer does not exist. */
  entitlement(customerId: string): Promise<Entitlement | null>;
  metrics(filter?: { since?: number }): Promise<RecoveryMetrics>;
  listCases(filter: { status?: CaseStatus; since?: number; limit?: number }): Promise<RecoveryCase[]>;
  /** Cases with their customer's name, invoice number and success manager, newest failure first. */
  namedCases(filter: CaseFilter): Promise<NamedRecoveryCase[]>;
  /** Recovery in dollars: at risk now, recovered, written off, and week by week up to `now`. */
  money(options: { now: number; weeks: number }): Promise<RecoveryMoney>;
  getCase(invoiceId: string): Promise<RecoveryCase | null>;
  messages(invoiceId: string): Promise<RecoveryMessage[]>;
  /** Stores the customer's new card and wakes their recovery runs. */
  updatePaymentMethod(customerId: string, paymentMethod: string): Promise<void>;
}

/** The most outbox messages one request lists. */
export const OUTBOX_PAGE_MAX = MAX_OUTBOX_PAGE;

/** Customer messages captured in the local outbox (no SMTP server or SMS provider configured). */
export interface OutboxPort {
  /** Newest first, with the customer's name. */
  list(filter: OutboxFilter): Promise<OutboxMessage[]>;
  get(id: string): Promise<OutboxMessage | null>;
}

/** A stored morning: the company's briefing model, cut per reader when read. */
export interface StoredMorning {
  date: string;
  composedAt: number;
  model: BriefingModel;
}

/** The morning briefing: the stored mornings, each reader's cut of one, and their ratings. */
export interface BriefingPort {
  /** Dates with a stored briefing, newest first. */
  dates(limit: number): Promise<string[]>;
  get(date: string): Promise<StoredMorning | null>;
  /** Whether a morning is stored, without reading its model. */
  exists(date: string): Promise<boolean>;
  /** The latest stored mornings, newest first. */
  recent(limit: number): Promise<StoredMorning[]>;
  /** Whether any of the reader's roles gets a briefing. */
  receives(reader: Pick<Reader, 'id' | 'roles'>): boolean;
  /** The reader's cut, or null when none of their roles gets a briefing. */
  cut(model: BriefingModel, reader: Reader): PersonalBriefing | null;
  /** When it goes out: the policy's cron expression and zone. */
  schedule: { cron: string; timezone: string };
  rate(rating: BriefingRating): Promise<void>;
  ratingOf(date: string, personId: string): Promise<BriefingRating | null>;
  /** The person's ratings of those mornings (only the ones they rated). */
  ratingsBy(personId: string, dates: readonly string[]): Promise<BriefingRating[]>;
}

/** The follow-ups mornings planned: each person's dashboard tasks. */
export interface FollowUpsPort {
  /** Newest first. */
  list(filter: FollowUpFilter): Promise<FollowUp[]>;
  get(id: string): Promise<FollowUp>;
  /** Refused with FOLLOW_UP_CLOSED when it was closed already. */
  close(id: string, closing: { status: FollowUpClosing; by: string; at: number }): Promise<FollowUp>;
}

/** Business data in. */
export interface IngestionPort {
  ingest(entity: EntityName, records: readonly unknown[]): Promise<BatchReport>;
  importCsv(entity: EntityName, text: string): Promise<CsvImportReport>;
  /** Verifies and applies one Stripe webhook; null when no webhook secret is configured. */
  stripeWebhook: ((rawBody: string, signature: string) => Promise<StripeWebhookResult>) | null;
}

/** Credentials to principals (every request) and sign-in sessions (the dashboard). */
export type AuthPort = Pick<
  AuthService,
  'authenticateKey' | 'resolveSession' | 'signIn' | 'signOut' | 'inspectSignInLink' | 'signInWithLink' | 'directory'
>;

/** Liveness of the database. */
export interface HealthPort {
  /** `sqlite` or `postgres`. */
  storeKind: string;
  /** Resolves when the database answers. */
  ping(): Promise<void>;
}

/** Takes Slack's request as it arrived and answers it (signature check, decision, reply). */
export type SlackInteractionsHandler = (request: Request) => Promise<Response>;

/** Aggregates the metrics gauges read at scrape time (computed in SQL, the same from every process). */
export interface MetricsStatsPort {
  runCounts(): Promise<{ workflow: string; status: string; count: number }[]>;
  timers(now: number): Promise<{ scheduled: number; due: number; oldestDueAt: number | null }>;
  openApprovals(): Promise<
    { status: string; level: number; count: number; oldestCreatedAt: number; createdAtSum: number }[]
  >;
}

/** Every service the HTTP app is built from. */
export interface HttpServices {
  runs: RunsPort;
  schedules: SchedulesPort;
  approvals: ApprovalsPort;
  /** Null until approval links are configured. */
  approvalLinks: ApprovalLinksPort | null;
  /** Null without a link secret and a public URL (the briefing email then carries no rating links). */
  ratingLinks: RatingLinksPort | null;
  audit: AuditPort;
  notifications: NotificationsPort;
  policy: PolicyPort;
  business: BusinessPort;
  billing: BillingPort;
  briefing: BriefingPort;
  followUps: FollowUpsPort;
  outbox: OutboxPort;
  ingestion: IngestionPort;
  auth: AuthPort;
  health: HealthPort;
  /** Null without Slack configured (the route answers 404). */
  slackInteractions: SlackInteractionsHandler | null;
  stats: MetricsStatsPort;
  clock: Clock;
}

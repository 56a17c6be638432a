/**
 * What the HTTP layer needs from the rest of PsiZero, as ports: small structural interfaces that
 * each route module picks from. `../app-services.ts` builds them from the App in one place, so
 * routes call services (never repositories) and a route module can be tested on its own with fakes.
 */
import type { ApprovalLinks, ApprovalService } from '../../approvals/index.ts';
import type { AuditEntry, AuditFilter, AuditVerification } from '../../audit/index.ts';
import type { AuthService } from '../../auth/index.ts';
import type {
  BatchReport,
  CsvImportReport,
  DomainQueries,
  EntityName,
  StripeWebhookResult,
} from '../../domain/index.ts';
import type { RunInspection } from '../../engine/index.ts';
import type { Clock } from '../../lib/clock.ts';
import type { Policy } from '../../policy/index.ts';
import type { CreatedRun, RunFilter, RunRecord } from '../../store/types.ts';
import type {
  CaseStatus,
  Entitlement,
  RecoveryCase,
  RecoveryMessage,
  RecoveryMetrics,
} from '../../domain/billing/index.ts';
import { MAX_NOTIFICATION_PAGE, type DashboardNotification } from '../../notifications/index.ts';

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

/** The approval lifecycle, as far as callers read and decide approvals. */
export type ApprovalsPort = Pick<ApprovalService, 'list' | 'get' | 'decide'>;

/** Emailed single-use approval links. */
export type ApprovalLinksPort = Pick<ApprovalLinks, 'inspect' | 'redeem'>;

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
}

/** Customers, invoices, payments and tickets as the domain stores them. */
export type BusinessPort = Pick<
  DomainQueries,
  'listCustomers' | 'getCustomer' | 'listInvoices' | 'getInvoice' | 'listPayments' | 'listTickets' | 'getTicket'
>;

/** Billing and payment recovery. */
export interface BillingPort {
  /** Null when the customer does not exist. */
  entitlement(customerId: string): Promise<Entitlement | null>;
  metrics(filter?: { since?: number }): Promise<RecoveryMetrics>;
  listCases(filter: { status?: CaseStatus; since?: number; limit?: number }): Promise<RecoveryCase[]>;
  getCase(invoiceId: string): Promise<RecoveryCase | null>;
  messages(invoiceId: string): Promise<RecoveryMessage[]>;
  /** Stores the customer's new card and wakes their recovery runs. */
  updatePaymentMethod(customerId: string, paymentMethod: string): Promise<void>;
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
  approvals: ApprovalsPort;
  /** Null until approval links are configured. */
  approvalLinks: ApprovalLinksPort | null;
  audit: AuditPort;
  notifications: NotificationsPort;
  policy: PolicyPort;
  business: BusinessPort;
  billing: BillingPort;
  ingestion: IngestionPort;
  auth: AuthPort;
  health: HealthPort;
  /** Null without Slack configured (the route answers 404). */
  slackInteractions: SlackInteractionsHandler | null;
  stats: MetricsStatsPort;
  clock: Clock;
}

import { ApprovalLinks, ApprovalService, isResolved, type GateDeps } from '../approvals/index.ts';
import { AuthService } from '../auth/index.ts';
import { BriefingRepository, ratingLinks as briefingRatingLinks } from '../briefings/index.ts';
import { createChannels, type Channels } from '../channels/index.ts';
import type { PaymentGateway } from '../connectors/index.ts';
import { Engine } from '../engine/engine.ts';
import type { EngineObserver } from '../engine/observer.ts';
import type { Clock } from '../lib/clock.ts';
import { silentLogger, type Logger } from '../lib/logger.ts';
import { openDatabase, type Database } from '../db/index.ts';
import { openDomain, type Domain } from '../domain/index.ts';
import type { Store } from '../store/types.ts';
import { holdersOfRole, loadPolicy, type Policy } from '../policy/index.ts';
import { demoWorkflows } from '../workflows/demo/demo-workflows.ts';
import type { Config } from './config.ts';
import { createBilling, registerBilling, type Billing } from './create-billing.ts';
import { loadWorkflowModules, type LoadedWorkflowModule } from './load-workflow-modules.ts';
import { createBriefing, registerBriefing, type Briefing } from './create-briefing.ts';
import type { SourceOverrides } from '../workflows/briefing/sources/index.ts';
import { createRepositories, type Repositories } from './repositories.ts';
import { createWorkflowPolicies, workflowDefinitionCheck, type WorkflowPolicies } from './workflow-policies.ts';

export interface App {
  config: Config;
  store: Store;
  engine: Engine;
  /** Business data: ingestion, queries, Stripe webhooks; its changes become engine events. */
  domain: Domain;
  policy: Policy;
  repositories: Repositories;
  approvals: ApprovalService;
  /** What workflows hand to the gate (`act(ctx, app.gate, action)`). */
  gate: GateDeps;
  /** Every registered workflow's classification under the policy (the gate reads it; `psizero workflows` lists it). */
  workflows: WorkflowPolicies;
  /** Null until `approvals.linkSecret` is configured. */
  approvalLinks: ApprovalLinks | null;
  /**
   * How the gate reaches people: dashboard notifications always, Slack and email when configured.
   * `channels.slackInteractions` is the `POST /slack/interactions` handler (null without Slack).
   */
  channels: Channels;
  /** API keys, passwords and sign-in sessions (HTTP API, dashboard, `psizero keys`). */
  auth: AuthService;
  /** Billing cycle and payment recovery: workflows, entitlements, recovery metrics. */
  billing: Billing;
  /** The workflow modules the config named, as loaded (docs/sdk.md). */
  workflowModules: readonly LoadedWorkflowModule[];
  /** The morning briefing: its workflow and schedule, stored briefings, composing a morning on demand. */
  briefing: Briefing;
  /** Adds an engine observer (metrics); returns the function that removes it. */
  observeEngine(observer: EngineObserver): () => void;
  close(): Promise<void>;
}

/** Wiring: config → database → engine → workflows (built-in, then the config's modules) and schedules. No side effects until called. */
export interface CreateAppOptions {
  clock?: Clock;
  logger?: Logger;
  workerId?: string;
  /** A database opened by the caller (tests: an isolated schema); the app closes it. Default: from config. */
  database?: Database;
  /** Replaces the payment gateway the config names (tests). */
  paymentGateway?: PaymentGateway;
  /** Replaces briefing sources by name (tests: a source that fails or hangs). */
  briefingSources?: SourceOverrides;
  /**
   * Whether the morning briefing runs on its schedule (default true). Harnesses whose clock jumps
   * across days to test something else turn it off; the workflow stays registered either way.
   */
  briefingSchedule?: boolean;
}

export async function createApp(config: Config, options: CreateAppOptions = {}): Promise<App> {
  const policy = await loadPolicy(config.policy.file);
  const database = options.database ?? (await openDatabase(config.database));
  const { store, db } = database;
  const observers = new Set<EngineObserver>();
  const engine = new Engine({
    store,
    clock: options.clock,
    logger: options.logger,
    workerId: options.workerId,
    snapshotEvery: config.worker.snapshotEvery,
    worker: { concurrency: config.worker.concurrency, leaseMs: config.worker.leaseMs, pollMs: config.worker.pollMs },
    onEvent: (observation) => observers.forEach((observe) => observe(observation)),
    checkDefinition: workflowDefinitionCheck(policy),
  });
  const workflows = createWorkflowPolicies(engine.registry, policy, config.policy.file);
  const repositories = createRepositories(db, () => engine.clock.now());
  const approvals = new ApprovalService({
    repository: repositories.approvals,
    audit: repositories.audit,
    policy,
    clock: engine.clock,
    events: engine,
    logger: options.logger,
    // A request needs nobody once its person decided, nor anyone once the approval is settled.
    onDecided: async (approval) => {
      const people = isResolved(approval) ? null : approval.decisions.map((d) => d.by);
      await repositories.notifications.settle(approval.id, engine.clock.now(), people);
    },
  });
  const approvalLinks =
    config.approvals.linkSecret === undefined
      ? null
      : new ApprovalLinks({
          secret: config.approvals.linkSecret,
          repository: repositories.approvals,
          approvals,
          clock: engine.clock,
          ttlMs: config.approvals.linkTtlHours * 3_600_000,
        });
  const briefings = new BriefingRepository(db);
  const publicUrl = config.email?.publicBaseUrl ?? config.http.publicUrl ?? null;
  // Signed with the approval link secret, under their own version prefix (src/briefings/rating-links.ts).
  const ratingLinks =
    config.approvals.linkSecret === undefined || publicUrl === null
      ? null
      : briefingRatingLinks({ secret: config.approvals.linkSecret, publicUrl });
  const channels = createChannels(config, {
    directory: policy.directory,
    timeZone: policy.businessCalendar.timeZone,
    approvals,
    links: approvalLinks,
    notifications: repositories.notifications,
    briefingRatings: briefings,
    ratingLinks,
    clock: engine.clock,
    logger: options.logger,
  });
  const gate: GateDeps = {
    policy,
    workflows,
    audit: repositories.audit,
    approvals,
    notifier: channels.notifier,
    clock: engine.clock,
  };
  const auth = new AuthService({
    repository: repositories.auth,
    directory: policy.directory,
    clock: engine.clock,
    sessionTtlMs: config.auth.sessionTtlHours * 3_600_000,
  });
  // The engine tour stays registered (start it by name); the business workflows have the schedules.
  engine.register(...demoWorkflows);
  const domain = await openDomain({
    db,
    events: engine,
    now: () => engine.clock.now(),
    csmIds: holdersOfRole(policy.directory, 'customer_success_manager').map((p) => p.id),
  });
  const billing = createBilling({
    config: config.billing,
    email: config.email,
    sms: config.sms,
    outbox: repositories.customerOutbox,
    logger: options.logger,
    domain,
    engine,
    gate,
    ...(options.paymentGateway ? { gateway: options.paymentGateway } : {}),
  });
  registerBilling(engine, billing, config.billing);
  const briefing = createBriefing({
    db,
    domain,
    repositories,
    approvals,
    policy,
    channels: channels.reports,
    clock: engine.clock,
    runs: engine,
    repository: briefings,
    ratingLinks,
    publicUrl,
    ...(options.briefingSources !== undefined && { sources: options.briefingSources }),
  });
  registerBriefing(engine, briefing, { schedule: options.briefingSchedule ?? true });
  const logger = options.logger ?? silentLogger;
  let workflowModules: LoadedWorkflowModule[];
  try {
    workflowModules = await loadWorkflowModules(config.workflows, engine, { gate, logger });
    // Only now, with the modules' workflows registered, are all the names known that the policy
    // file's `workflows:` may use.
    workflows.checkOverrides();
  } catch (err) {
    channels.close();
    billing.close();
    await database.close();
    throw err;
  }
  for (const m of workflowModules) logger.debug({ module: m.file, workflows: m.workflows }, 'workflow module loaded');
  return {
    config,
    store,
    engine,
    domain,
    policy,
    repositories,
    approvals,
    gate,
    workflows,
    approvalLinks,
    channels,
    auth,
    billing,
    workflowModules,
    briefing,
    observeEngine(observer) {
      observers.add(observer);
      return () => observers.delete(observer);
    },
    async close() {
      approvals.stopSweeper();
      await engine.stop();
      channels.close();
      billing.close();
      await database.close();
    },
  };
}

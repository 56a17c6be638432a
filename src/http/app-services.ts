/**
 * The one place the HTTP layer's ports are built from the App: each port is a thin adapter over
 * the engine, a service or (until their modules own service methods for them) a repository.
 */
import { Readable } from 'node:stream';
import type { App } from '../app/create-app.ts';
import { verifyAuditLog } from '../audit/index.ts';
import { importCsv } from '../domain/index.ts';
import { listNamedCases } from '../domain/billing/case-listing.ts';
import { recoveryMoney } from '../domain/billing/recovery-money.ts';
import { searchCustomers } from '../domain/repo/customer-search.ts';
import { namesOf } from '../domain/repo/names.ts';
import { audienceOf, briefingFor, type BriefingModel } from '../workflows/briefing/index.ts';
import type { StoredBriefing } from '../briefings/index.ts';
import type { HttpServices, StoredMorning } from './shared/services.ts';

export function httpServicesOf(app: App): HttpServices {
  const { engine, repositories, domain, billing } = app;
  const clock = engine.clock;
  const webhookSecret = app.config.stripe.webhookSecret;
  return {
    runs: {
      list: (filter) => engine.listRuns(filter),
      get: (id) => engine.getRun(id),
      inspect: (id) => engine.inspect(id),
      start: (workflow, input, options) => engine.start(workflow, input, options),
      cancel: (id, reason) => engine.cancel(id, reason),
      retry: (id) => engine.retry(id),
      workflows: () => [...new Set(engine.registry.names())].sort(),
    },
    schedules: {
      list: () =>
        Promise.all(
          engine.schedules().map(async (def) => ({
            name: def.name,
            cron: def.cron,
            timezone: def.timezone,
            workflow: def.workflow,
            catchUp: def.catchUp ?? 'skip',
            lastSlot: (await engine.store.getSchedule(def.name))?.lastSlot ?? null,
          })),
        ),
      firings: async (name, limit) => {
        const def = engine.schedules().find((d) => d.name === name);
        if (def === undefined) return [];
        // A schedule's runs are its workflow's runs with its key; other runs of the workflow are skipped.
        const runs = await engine.listRuns({ workflow: def.workflow, limit: Math.max(limit * 4, 100) });
        return runs.filter((r) => r.idempotencyKey?.startsWith(`schedule:${name}:`)).slice(0, limit);
      },
    },
    approvals: app.approvals,
    approvalLinks: app.approvalLinks,
    ratingLinks: app.briefing.ratingLinks,
    audit: {
      list: (filter) => repositories.audit.list(filter),
      verify: () => verifyAuditLog(repositories.audit),
    },
    notifications: {
      list: (personId, options) => repositories.notifications.list(personId, options),
      countUnread: (personId) => repositories.notifications.countUnread(personId),
      markRead: (personId, ids) => repositories.notifications.markRead(personId, ids, clock.now()),
      markAllRead: (personId) => repositories.notifications.markAllRead(personId, clock.now()),
    },
    policy: {
      current: app.policy,
      source: app.config.policy.file ?? 'the built-in defaults',
      workflows: () => app.workflows.list(),
    },
    business: {
      listCustomers: (filter) => domain.queries.listCustomers(filter),
      getCustomer: (id) => domain.queries.getCustomer(id),
      listInvoices: (filter) => domain.queries.listInvoices(filter),
      getInvoice: (id) => domain.queries.getInvoice(id),
      listPayments: (filter) => domain.queries.listPayments(filter),
      listTickets: (filter) => domain.queries.listTickets(filter),
      getTicket: (id) => domain.queries.getTicket(id),
      names: (ids) => namesOf(domain.db, ids),
      searchCustomers: (search) => searchCustomers(domain.db, search),
    },
    briefing: {
      dates: (limit) => app.briefing.repository.dates(limit),
      exists: (date) => app.briefing.repository.exists(date),
      get: async (date) => {
        const stored = await app.briefing.repository.get(date);
        return stored === null ? null : storedMorning(stored);
      },
      recent: async (limit) => (await app.briefing.repository.recent(limit)).map(storedMorning),
      receives: (reader) => audienceOf(reader) !== null,
      cut: (model, reader) => {
        const audience = audienceOf(reader);
        return audience === null ? null : briefingFor(model, reader, audience);
      },
      schedule: app.briefing.schedule,
      rate: (rating) => app.briefing.repository.rate(rating),
      ratingOf: (date, personId) => app.briefing.repository.ratingOf(date, personId),
      ratingsBy: (personId, dates) => app.briefing.repository.ratingsBy(personId, dates),
    },
    followUps: {
      list: (filter) => app.briefing.followUps.list(filter),
      get: (id) => app.briefing.followUps.get(id),
      close: (id, closing) => app.briefing.followUps.close(id, closing),
    },
    billing: {
      entitlement: (customerId) => billing.entitlement(customerId),
      metrics: (filter) => billing.metrics(filter),
      listCases: (filter) => billing.records.listCases(filter),
      namedCases: (filter) => listNamedCases(domain.db, filter),
      money: async (options) => recoveryMoney(await billing.records.listCases(), options),
      getCase: (invoiceId) => billing.records.getCase(invoiceId),
      messages: (invoiceId) => billing.records.messages(invoiceId),
      updatePaymentMethod: (customerId, paymentMethod) => billing.updatePaymentMethod(customerId, paymentMethod),
    },
    outbox: {
      list: (filter) => repositories.customerOutbox.list(filter),
      get: (id) => repositories.customerOutbox.get(id),
    },
    ingestion: {
      ingest: (entity, records) => domain.ingest.ingest(entity, records),
      // A string would be read as a file path: the request's text goes in as a stream.
      importCsv: (entity, text) => importCsv(domain.ingest, entity, Readable.from([text])),
      stripeWebhook:
        webhookSecret === undefined
          ? null
          : (rawBody, signature) => domain.stripe.handleStripeWebhook(rawBody, signature, webhookSecret),
    },
    auth: app.auth,
    health: {
      storeKind: app.store.kind,
      // Any query will do; the audit head is one indexed row.
      ping: async () => {
        await repositories.audit.head();
      },
    },
    slackInteractions: app.channels.slackInteractions,
    stats: repositories.stats,
    clock,
  };
}

/** The stored model is the workflow's own JSON (BRIEFING_MODEL_VERSION). */
function storedMorning(stored: StoredBriefing): StoredMorning {
  return { date: stored.date, composedAt: stored.composedAt, model: stored.model as BriefingModel };
}

/**
 * The one place the HTTP layer's ports are built from the App: each port is a thin adapter over
 * the engine, a service or (until their modules own service methods for them) a repository.
 */
import { Readable } from 'node:stream';
import type { App } from '../app/create-app.ts';
import { verifyAuditLog } from '../audit/index.ts';
import { importCsv } from '../domain/index.ts';
import type { HttpServices } from './shared/services.ts';

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
    approvals: app.approvals,
    approvalLinks: app.approvalLinks,
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
    policy: { current: app.policy, source: app.config.policy.file ?? 'the built-in defaults' },
    business: domain.queries,
    billing: {
      entitlement: (customerId) => billing.entitlement(customerId),
      metrics: (filter) => billing.metrics(filter),
      listCases: (filter) => billing.records.listCases(filter),
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

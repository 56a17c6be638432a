/** The JSON API: every route documented in `/openapi.json`, each given only the services it uses. */
import type { HttpSettings } from '../shared/http-settings.ts';
import type { ApiMetrics } from '../shared/metrics.ts';
import type { ApiRouter, Guarded } from '../shared/router.ts';
import type { HttpServices } from '../shared/services.ts';
import { registerOpenApiDocument } from './openapi.ts';
import { registerApprovalRoutes } from './routes/approvals.ts';
import { registerAuditRoutes } from './routes/audit.ts';
import { registerBillingRoutes } from './routes/billing.ts';
import { registerBriefingRoutes } from './routes/briefings.ts';
import { registerFollowUpRoutes } from './routes/follow-ups.ts';
import { registerCustomerRoutes } from './routes/customers.ts';
import { registerIngestionRoutes } from './routes/ingestion.ts';
import { registerInvoiceRoutes } from './routes/invoices.ts';
import { registerNotificationRoutes } from './routes/notifications.ts';
import { registerOutboxRoutes } from './routes/outbox.ts';
import { registerPolicyRoutes } from './routes/policy.ts';
import { registerRunRoutes } from './routes/runs.ts';
import { registerSlackRoutes } from './routes/slack.ts';
import { registerSystemRoutes } from './routes/system.ts';
import { registerTicketRoutes } from './routes/tickets.ts';

export interface ApiDeps extends Guarded, HttpServices {
  settings: HttpSettings;
  metrics: ApiMetrics;
}

export function registerApiRoutes(router: ApiRouter, deps: ApiDeps): void {
  registerSystemRoutes(router, deps);
  registerRunRoutes(router, deps);
  registerApprovalRoutes(router, deps);
  registerNotificationRoutes(router, deps);
  registerAuditRoutes(router, deps);
  registerPolicyRoutes(router, deps);
  registerCustomerRoutes(router, deps);
  registerInvoiceRoutes(router, deps);
  registerTicketRoutes(router, deps);
  registerBillingRoutes(router, deps);
  registerOutboxRoutes(router, deps);
  registerBriefingRoutes(router, deps);
  registerFollowUpRoutes(router, deps);
  registerIngestionRoutes(router, deps);
  registerSlackRoutes(router, deps);
  registerOpenApiDocument(router, deps.guard, deps.settings);
}

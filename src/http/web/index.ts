/** The dashboard: server-rendered pages on the API's Hono app (no bundler, no build step). */
import type { ApiRouter, RouteDeps } from '../shared/router.ts';
import { registerApprovalPages } from './routes/approvals.ts';
import { registerAssetRoutes } from './routes/assets.ts';
import { registerAuditPolicyPages } from './routes/audit-policy.ts';
import { registerBillingPages } from './routes/billing.ts';
import { registerCustomerPages } from './routes/customers.ts';
import { registerLinkPages } from './routes/links.ts';
import { registerNotificationPages } from './routes/notifications.ts';
import { registerRunPages } from './routes/runs.ts';
import { registerSessionRoutes } from './routes/session.ts';

export { renderErrorPage } from './error-page.ts';

export function registerWebRoutes(router: ApiRouter, deps: RouteDeps): void {
  registerAssetRoutes(router, deps);
  registerSessionRoutes(router, deps);
  // Link pages before `/approvals/:id` pages, so `/approvals/link/...` is never read as an approval id.
  registerLinkPages(router, deps);
  registerApprovalPages(router, deps);
  registerNotificationPages(router, deps);
  registerRunPages(router, deps);
  registerCustomerPages(router, deps);
  registerBillingPages(router, deps);
  registerAuditPolicyPages(router, deps);
}

/** The dashboard: server-rendered pages on the HTTP app's router (no bundler, no build step). */
import type { HttpSettings } from '../shared/http-settings.ts';
import type { ApiRouter, Guarded } from '../shared/router.ts';
import type { HttpServices } from '../shared/services.ts';
import { registerApprovalPages } from './routes/approvals.ts';
import { registerAssetRoutes } from './routes/assets.ts';
import { registerAuditPolicyPages } from './routes/audit-policy.ts';
import { registerBillingPages } from './routes/billing.ts';
import { registerBriefingPages } from './routes/briefing.ts';
import { registerFollowUpPages } from './routes/follow-ups.ts';
import { registerCustomerPages } from './routes/customers.ts';
import { registerLinkPages } from './routes/links.ts';
import { registerNotificationPages } from './routes/notifications.ts';
import { registerOutboxPages } from './routes/outbox.ts';
import { registerRatingLinkPages } from './routes/rating-links.ts';
import { registerRunPages } from './routes/runs.ts';
import { registerSchedulePages } from './routes/schedules.ts';
import { registerSessionRoutes } from './routes/session.ts';

export { renderErrorPage } from './error-page.ts';

export interface WebDeps extends Guarded, HttpServices {
  settings: HttpSettings;
}

export function registerWebRoutes(router: ApiRouter, deps: WebDeps): void {
  registerAssetRoutes(router, deps);
  registerSessionRoutes(router, deps);
  // Link pages before `/approvals/:id` pages, so `/approvals/link/...` is never read as an approval id.
  registerLinkPages(router, deps);
  registerApprovalPages(router, deps);
  registerNotificationPages(router, deps);
  registerBriefingPages(router, deps);
  registerFollowUpPages(router, deps);
  registerRatingLinkPages(router, deps);
  registerRunPages(router, deps);
  registerSchedulePages(router, deps);
  registerCustomerPages(router, deps);
  registerBillingPages(router, deps);
  registerOutboxPages(router, deps);
  registerAuditPolicyPages(router, deps);
}

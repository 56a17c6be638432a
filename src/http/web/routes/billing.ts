/** The payment-recovery page: metrics, the funnel chart and the cases (finance and oversight roles). */
import { z } from 'zod';
import { RULES } from '../../shared/access-rules.ts';
import type { ApiRouter } from '../../shared/router.ts';
import type { BillingPort } from '../../shared/services.ts';
import { parseOrThrow } from '../../shared/validation.ts';
import { CASE_STATUSES } from '../../../domain/billing/index.ts';
import { render, type PageDeps } from '../context.ts';
import { billingView } from '../views/billing.ts';

const Query = z.object({ status: z.enum(CASE_STATUSES).or(z.literal('')).default('') });

export interface BillingPageDeps extends PageDeps {
  billing: Pick<BillingPort, 'metrics' | 'listCases'>;
}

export function registerBillingPages(router: ApiRouter, deps: BillingPageDeps): void {
  const { guard, billing } = deps;
  router.get('/billing', guard.allow(RULES.billingRead, { page: true }), async (c) => {
    const query = parseOrThrow(Query, c.req.query(), 'filters', 'query');
    const [metrics, cases] = await Promise.all([
      billing.metrics(),
      billing.listCases({ ...(query.status ? { status: query.status } : {}), limit: 200 }),
    ]);
    return render(c, deps, 'billing', 'Payment recovery', billingView(metrics, cases));
  });
}

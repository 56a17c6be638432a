/** The payment-recovery page: money, charts and the cases (finance and oversight roles). */
import { z } from 'zod';
import { CASE_STATUSES } from '../../../domain/billing/index.ts';
import type { Clock } from '../../../lib/clock.ts';
import { RULES } from '../../shared/access-rules.ts';
import type { ApiRouter } from '../../shared/router.ts';
import type { ApprovalsPort, BillingPort, PolicyPort, RunsPort } from '../../shared/services.ts';
import { parseOrThrow } from '../../shared/validation.ts';
import { approvalVisibleTo, latestApprovals } from '../case-approvals.ts';
import { principalOf, render, type PageDeps } from '../context.ts';
import { allows } from '../layout.ts';
import { billingView, type BillingCaseRow } from '../views/billing.ts';
import { personName } from '../views/decision-record.ts';

const Query = z.object({ status: z.enum(CASE_STATUSES).or(z.literal('')).default('') });

/** Cases one page lists; the figures above them count every case. */
const CASE_PAGE = 200;
const WEEKS = 12;

export interface BillingPageDeps extends PageDeps {
  billing: Pick<BillingPort, 'metrics' | 'namedCases' | 'money'>;
  approvals: Pick<ApprovalsPort, 'list'>;
  runs: Pick<RunsPort, 'list'>;
  policy: PolicyPort;
  clock: Clock;
}

export function registerBillingPages(router: ApiRouter, deps: BillingPageDeps): void {
  const { guard, billing, approvals, runs, policy, clock } = deps;
  const nameOf = (id: string): string => personName(policy.current.directory, id);

  router.get('/billing', guard.allow(RULES.billingRead, { page: true }), async (c) => {
    const principal = principalOf(c);
    const query = parseOrThrow(Query, c.req.query(), 'filters', 'query');
    const now = clock.now();
    const [metrics, money, cases, waiting] = await Promise.all([
      billing.metrics(),
      billing.money({ now, weeks: WEEKS }),
      billing.namedCases({ ...(query.status ? { status: query.status } : {}), limit: CASE_PAGE }),
      runs.list({ workflow: 'billing.recovery', status: 'waiting', limit: 1_000 }),
    ]);
    const wakes = new Map(waiting.map((r) => [r.id, r.runnableAt]));
    const latest = await latestApprovals(
      approvals,
      cases.filter((k) => k.escalations > 0).map((k) => k.runId),
    );
    const rows: BillingCaseRow[] = cases.map((recovery) => {
      const approval = latest.get(recovery.runId) ?? null;
      return {
        recovery,
        approval,
        approvalVisible: approval !== null && approvalVisibleTo(principal, approval),
        nextStepAt: recovery.status === 'open' ? (wakes.get(recovery.runId) ?? null) : null,
      };
    });
    const content = billingView({
      metrics,
      money,
      cases: rows,
      status: query.status,
      now,
      nameOf,
      runLinks: allows(principal, RULES.runsRead),
    });
    return render(c, deps, 'billing', 'Payment recovery', content);
  });
}

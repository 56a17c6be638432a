/** Runs list, run timeline, and cancel/retry for the people allowed to operate runs. */
import { z } from 'zod';
import { RULES } from '../../shared/access-rules.ts';
import type { ApiRouter } from '../../shared/router.ts';
import type { ApprovalsPort, PolicyPort, RunsPort } from '../../shared/services.ts';
import type { Clock } from '../../../lib/clock.ts';
import { parseOrThrow } from '../../shared/validation.ts';
import { allows, csrfField } from '../layout.ts';
import { flashOf, principalOf, render, type PageDeps } from '../context.ts';
import { personName } from '../views/decision-record.ts';
import { RUN_STATUSES, runPageView, runsView } from '../views/runs.ts';

const PAGE = 50;

const ListQuery = z.object({
  workflow: z.string().max(200).default(''),
  status: z.enum(RUN_STATUSES).or(z.literal('')).default(''),
  before: z.string().max(200).optional(),
});

const IdParam = z.string().min(1).max(200);

export interface RunPageDeps extends PageDeps {
  runs: RunsPort;
  /** The run page lists the run's approvals. */
  approvals: Pick<ApprovalsPort, 'list'>;
  policy: PolicyPort;
  clock: Clock;
}

export function registerRunPages(router: ApiRouter, deps: RunPageDeps): void {
  const { guard, runs, approvals, policy, clock } = deps;

  router.get('/runs', guard.allow(RULES.runsRead, { page: true }), async (c) => {
    const query = parseOrThrow(ListQuery, c.req.query(), 'filters', 'query');
    const list = await runs.list({
      workflow: query.workflow || undefined,
      status: query.status || undefined,
      before: query.before,
      limit: PAGE + 1,
    });
    const next = list.length > PAGE ? list[PAGE - 1]!.id : null;
    const content = runsView(
      list.slice(0, PAGE),
      { workflow: query.workflow, status: query.status },
      runs.workflows(),
      clock.now(),
      next,
    );
    return render(c, deps, 'runs', 'Runs', content);
  });

  router.get('/runs/:id', guard.allow(RULES.runsRead, { page: true }), async (c) => {
    const principal = principalOf(c);
    const id = parseOrThrow(IdParam, c.req.param('id'), 'run id', 'param');
    const { run, history } = await runs.inspect(id);
    const runApprovals = await approvals.list({ runId: id });
    const operate = allows(principal, RULES.runsOperate) ? { csrf: csrfField(principal) } : null;
    const nameOf = (id: string): string => personName(policy.current.directory, id);
    const content = runPageView({
      run,
      history,
      approvals: runApprovals,
      now: clock.now(),
      nameOf,
      operate,
      flash: flashOf(c),
    });
    return render(c, deps, 'runs', `${run.workflow} ${run.id}`, content);
  });

  router.post('/runs/:id/cancel', guard.allow(RULES.runsOperate, { page: true }), async (c) => {
    const principal = principalOf(c);
    const id = parseOrThrow(IdParam, c.req.param('id'), 'run id', 'param');
    await runs.cancel(
      id,
      `cancelled from the dashboard by ${principal.kind === 'person' ? principal.personId : `key ${principal.keyId}`}`,
    );
    return c.redirect(`/runs/${encodeURIComponent(id)}?done=cancelled`, 303);
  });

  router.post('/runs/:id/retry', guard.allow(RULES.runsOperate, { page: true }), async (c) => {
    const id = parseOrThrow(IdParam, c.req.param('id'), 'run id', 'param');
    await runs.retry(id);
    return c.redirect(`/runs/${encodeURIComponent(id)}?done=retried`, 303);
  });
}

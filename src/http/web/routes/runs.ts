/** Runs list, run timeline, and cancel/retry for the people allowed to operate runs. */
import { z } from 'zod';
import { RULES } from '../../shared/access-rules.ts';
import type { ApiRouter } from '../../shared/router.ts';
import type { ApprovalsPort, BusinessPort, PolicyPort, RunsPort } from '../../shared/services.ts';
import type { RunFilter, RunRecord } from '../../../store/types.ts';
import type { Clock } from '../../../lib/clock.ts';
import { parseOrThrow } from '../../shared/validation.ts';
import { allows, csrfField } from '../layout.ts';
import { flashOf, principalOf, render, type PageDeps } from '../context.ts';
import { personName } from '../views/decision-record.ts';
import { RUN_STATUSES, runPageView, runsView } from '../views/runs.ts';
import { isDemoWorkflow, refsOfRuns, subjectOf } from '../views/runs-subject.ts';

const PAGE = 50;
/** Runs read per query while leaving demo runs out, and how many such reads one page may make. */
const SCAN = 200;
const MAX_SCANS = 5;

const ListQuery = z.object({
  workflow: z.string().max(200).default(''),
  status: z.enum(RUN_STATUSES).or(z.literal('')).default(''),
  demo: z.enum(['1', '']).default(''),
  before: z.string().max(200).optional(),
});

/**
 * A page of runs without the demo workflows' runs (unless they are asked for), reading on until
 * the page is full or the runs run out; `next` continues after the last run looked at.
 */
async function businessRuns(
  runs: Pick<RunsPort, 'list'>,
  filter: Omit<RunFilter, 'limit'>,
  showDemo: boolean,
): Promise<{ page: RunRecord[]; next: string | null }> {
  const kept: RunRecord[] = [];
  let before = filter.before;
  for (let scan = 0; scan < MAX_SCANS && kept.length <= PAGE; scan++) {
    const list = await runs.list({ ...filter, before, limit: SCAN });
    kept.push(...list.filter((r) => showDemo || !isDemoWorkflow(r.workflow)));
    if (list.length < SCAN) return { page: kept.slice(0, PAGE), next: kept.length > PAGE ? kept[PAGE - 1]!.id : null };
    before = list[list.length - 1]!.id;
  }
  return { page: kept.slice(0, PAGE), next: kept.length > PAGE ? kept[PAGE - 1]!.id : (before ?? null) };
}

const IdParam = z.string().min(1).max(200);

export interface RunPageDeps extends PageDeps {
  runs: RunsPort;
  /** The run page lists the run's approvals. */
  approvals: Pick<ApprovalsPort, 'list'>;
  policy: PolicyPort;
  /** Names of the customers and invoices runs are about. */
  business: Pick<BusinessPort, 'names'>;
  clock: Clock;
}

export function registerRunPages(router: ApiRouter, deps: RunPageDeps): void {
  const { guard, runs, approvals, policy, business, clock } = deps;

  router.get('/runs', guard.allow(RULES.runsRead, { page: true }), async (c) => {
    const query = parseOrThrow(ListQuery, c.req.query(), 'filters', 'query');
    const { page, next } = await businessRuns(
      runs,
      { workflow: query.workflow || undefined, status: query.status || undefined, before: query.before },
      query.demo === '1' || isDemoWorkflow(query.workflow),
    );
    const names = await business.names(refsOfRuns(page));
    const content = runsView(
      page.map((run) => ({ run, subject: subjectOf(run, names) })),
      { workflow: query.workflow, status: query.status, demo: query.demo },
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
    const subject = subjectOf(run, await business.names(refsOfRuns([run])));
    const content = runPageView({
      run,
      subject,
      history,
      approvals: runApprovals,
      now: clock.now(),
      nameOf,
      operate,
      flash: flashOf(c),
    });
    return render(
      c,
      deps,
      'runs',
      subject.subject === null ? subject.what : `${subject.what}: ${subject.subject}`,
      content,
    );
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

/** The Schedules page, beside Runs: for the people who may read runs. */
import type { Clock } from '../../../lib/clock.ts';
import { nextSlotAfter } from '../../../engine/index.ts';
import { RULES } from '../../shared/access-rules.ts';
import type { ApiRouter } from '../../shared/router.ts';
import type { BusinessPort, SchedulesPort } from '../../shared/services.ts';
import { render, type PageDeps } from '../context.ts';
import { refsOfRuns, subjectOf } from '../views/runs-subject.ts';
import { schedulesView, type ScheduleCard } from '../views/schedules.ts';

const UPCOMING = 3;
const LAST_FIRINGS = 10;

export interface SchedulePageDeps extends PageDeps {
  schedules: SchedulesPort;
  business: Pick<BusinessPort, 'names'>;
  clock: Clock;
}

export function registerSchedulePages(router: ApiRouter, deps: SchedulePageDeps): void {
  const { guard, schedules, business, clock } = deps;
  router.get('/schedules', guard.allow(RULES.runsRead, { page: true }), async (c) => {
    const now = clock.now();
    const cards: ScheduleCard[] = await Promise.all(
      (await schedules.list()).map(async (schedule) => {
        const upcoming: number[] = [];
        for (let after = now; upcoming.length < UPCOMING;) upcoming.push((after = nextSlotAfter(schedule, after)));
        const firings = await schedules.firings(schedule.name, LAST_FIRINGS);
        const names = await business.names(refsOfRuns(firings));
        const what = subjectOf({ workflow: schedule.workflow, input: null }, names).what;
        return { schedule, what, upcoming, firings: firings.map((run) => ({ run, subject: subjectOf(run, names) })) };
      }),
    );
    return render(c, deps, 'runs', 'Schedules', schedulesView(cards));
  });
}

/**
 * The recorded `briefing.morning` histories (test/fixtures/histories/briefing, captured from the
 * morning scenario) replay against today's code: the same commands in the same order, answered
 * from history, with deps that throw when touched, since replay must reach no source, store or
 * channel outside a step. A change that breaks this would break mornings in flight: it needs a new
 * workflow version, not a re-recorded fixture.
 */
import { describe, expect, it } from 'vitest';
import { replayHistory, type RecordedHistory } from '../../../src/engine/index.ts';
import { InternalError, NonDeterminismError } from '../../../src/lib/errors.ts';
import {
  MORNING_VERSION,
  morningBriefingWorkflow,
  type MorningDeps,
} from '../../../src/workflows/briefing/morning-briefing.ts';
import { SEED_SOURCES, EXTRA_SOURCES, type BriefingSource } from '../../../src/workflows/briefing/sources/index.ts';
import { readBriefingHistories } from '../../helpers/briefing-histories.ts';

function untouchable<T extends object>(name: string): T {
  return new Proxy({} as T, {
    get: (_target, property) => {
      throw new InternalError(`replay touched ${name}.${String(property)} outside a step`);
    },
  });
}

const TITLES: Record<string, string> = {
  overnight_revenue_metrics: 'overnight revenue metrics',
  customer_health_changes: 'customer health changes',
  api_performance_data: 'API performance data',
  support_ticket_volume: 'support ticket volume',
  system_health_status: 'system health status',
  customer_growth: 'new customers',
  opportunities: 'opportunities',
  autonomous_actions: 'autonomous actions',
  approvals_waiting: 'approvals waiting',
  follow_ups: 'open follow-ups',
};

const sources: BriefingSource[] = [...SEED_SOURCES, ...EXTRA_SOURCES].map((name) => ({
  name,
  title: TITLES[name]!,
  collect: () => {
    throw new InternalError(`replay collected ${name} outside its step`);
  },
}));

const deps: MorningDeps = {
  sources,
  settings: () => {
    throw new InternalError('replay read the settings outside their step');
  },
  store: untouchable('store'),
  followUps: untouchable('followUps'),
  channels: untouchable('channels'),
  clock: untouchable('clock'),
};
/** Every registered version: a run keeps the version it started with. */
const workflows = [1, MORNING_VERSION].map((v) => morningBriefingWorkflow(deps, v));

const fixtures = readBriefingHistories();

describe('recorded morning briefings replay against today’s code', () => {
  it.each(fixtures)('$file', async ({ fixture }) => {
    const workflow = workflows.find((w) => w.version === fixture.history.version);
    expect(workflow, `briefing.morning version ${fixture.history.version} registered`).toBeDefined();
    const report = await replayHistory(workflow!, fixture.history);
    expect(report.commands).toBe(fixture.commands);
  });

  it('covers every registered version, an escalation delivered before the briefing and a source that timed out', () => {
    expect(new Set(fixtures.map((f) => f.fixture.history.version))).toEqual(new Set(workflows.map((w) => w.version)));
    const steps = (h: RecordedHistory) =>
      h.events.flatMap((e) => (e.type === 'step_completed' ? [String((e.data as { name: string }).name)] : []));
    const all = fixtures.map((f) => steps(f.fixture.history));
    expect(all.some((s) => s.some((n) => n.startsWith('urgent:')))).toBe(true);
    expect(fixtures.some((f) => f.fixture.history.events.some((e) => e.type === 'step_failed'))).toBe(true);
  });

  it('names where code that no longer matches a history diverges', async () => {
    const { fixture } = fixtures.find((f) => f.file === 'briefing.morning--urgent-escalated.json')!;
    const renamed = sources.map((s) => (s.name === 'opportunities' ? { ...s, name: 'customer_growth' as const } : s));
    const changed = morningBriefingWorkflow({ ...deps, sources: renamed, settings: untouchable('settings') }, 1);
    await expect(replayHistory(changed, fixture.history)).rejects.toBeInstanceOf(NonDeterminismError);
  });
});

/**
 * The morning briefing, wired: its sources over the domain's reads, the audit log and the
 * approvals; the store of composed briefings; the report channels; the `briefing.morning`
 * workflow and its schedule from the policy (cron and zone); and `compose(date)`, which the CLI's
 * `briefing show` and the dashboard use to compose a morning without delivering it.
 */
import type { ApprovalService } from '../approvals/index.ts';
import { FollowUpRepository, type BriefingRepository, type RatingLinks } from '../briefings/index.ts';
import type { ReportChannels } from '../channels/index.ts';
import type { Db } from '../db/index.ts';
import type { Domain } from '../domain/index.ts';
import type { Engine } from '../engine/engine.ts';
import type { Clock } from '../lib/clock.ts';
import { ValidationError } from '../lib/errors.ts';
import { holdersOfRole, type Policy } from '../policy/index.ts';
import type { Repositories } from './repositories.ts';
import {
  audienceOf,
  briefingFor,
  composeBriefing,
  localDay,
  type BriefingModel,
  type CollectedSource,
  type PersonalBriefing,
} from '../workflows/briefing/index.ts';
import { morningInput, previousSlot, slotOn, type BriefingSchedule } from '../workflows/briefing/briefing-schedule.ts';
import {
  morningBriefingWorkflow,
  type BriefingSettings,
  type MorningDeps,
  type MorningInput,
} from '../workflows/briefing/morning-briefing.ts';
import {
  briefingSources,
  briefingWindow,
  type BriefingSource,
  type SourceOverrides,
} from '../workflows/briefing/sources/index.ts';
import type { AnyWorkflow } from '../engine/workflow.ts';
import { briefingReads } from './briefing-reads.ts';

/** The schedule's name: part of each slot's run key (`schedule:<name>:<slot>`). */
export const SCHEDULE_NAME = 'briefing.morning';

export interface Briefing {
  /** Every registered version of `briefing.morning`, the latest last. */
  workflows: AnyWorkflow[];
  workflow: AnyWorkflow;
  repository: BriefingRepository;
  /** The follow-ups mornings planned: the person's dashboard tasks. */
  followUps: FollowUpRepository;
  /** Verifies the briefing email's signed rating links; null without a link secret and a public URL. */
  ratingLinks: RatingLinks | null;
  sources: readonly BriefingSource[];
  schedule: BriefingSchedule;
  settings(): BriefingSettings;
  /** The workflow's input for the morning of `date` (its slot, and the slot before). */
  inputFor(date: string): MorningInput;
  /** Composes the morning of `date` from the data as of its slot, without delivering anything. */
  compose(date: string): Promise<BriefingModel>;
  /** Today's date in the briefing's zone. */
  today(): string;
  /**
   * Starts the briefing of the latest morning whose time has passed, under the key its schedule
   * slot has, so it is composed and delivered once even if the schedule catches up on it (the
   * demo's first start: the company it seeded gets its morning briefing at once).
   */
  startLatestMorning(): Promise<{ runId: string; created: boolean; date: string }>;
  /**
   * The briefing as a holder of `role` reads it: the first person in the directory holding it
   * (their name, their approvals, their customers). Refused for a role nobody holds or that gets
   * no briefing.
   */
  asRole(model: BriefingModel, role: string): PersonalBriefing;
}

export interface BriefingOptions {
  db: Db;
  repository: BriefingRepository;
  ratingLinks: RatingLinks | null;
  domain: Pick<Domain, 'queries'>;
  repositories: Pick<Repositories, 'audit'>;
  approvals: Pick<ApprovalService, 'list'>;
  policy: Policy;
  channels: ReportChannels;
  clock: Clock;
  runs: Pick<Engine, 'start'>;
  publicUrl: string | null;
  /** Sources to use instead of the built-in ones, by name (a later workflow's, or a test's). */
  sources?: SourceOverrides;
  sourceTimeoutMs?: number;
}

export function createBriefing(options: BriefingOptions): Briefing {
  const { policy } = options;
  const schedule: BriefingSchedule = { ...policy.briefing.schedule };
  const { repository } = options;
  const followUps = new FollowUpRepository(options.db);
  const sources = briefingSources(
    briefingReads({
      db: options.db,
      queries: options.domain.queries,
      audit: options.repositories.audit,
      approvals: options.approvals,
      followUps,
    }),
    options.sources,
  );
  const settings = (): BriefingSettings => ({
    schedule,
    escalation: { ...policy.briefing.escalation },
    people: policy.directory.people.map((p) => ({
      id: p.id,
      name: p.name,
      roles: [...p.roles],
      ...(p.email !== undefined && { email: p.email }),
      ...(p.slackUserId !== undefined && { slackUserId: p.slackUserId }),
    })),
    publicUrl: options.publicUrl,
  });
  const deps: MorningDeps = {
    sources,
    settings,
    store: {
      save: (model, runId) =>
        repository.save({ date: model.date, asOf: model.asOf, runId, composedAt: options.clock.now(), model }),
    },
    followUps: { plan: (tasks, runId) => followUps.plan(tasks, { runId, now: options.clock.now() }) },
    channels: options.channels,
    clock: options.clock,
    ...(options.sourceTimeoutMs !== undefined && { sourceTimeoutMs: options.sourceTimeoutMs }),
  };
  const workflows = [morningBriefingWorkflow(deps, 1), morningBriefingWorkflow(deps)];
  const workflow = workflows.at(-1)!;
  const inputFor = (date: string): MorningInput => {
    const input = morningInput(schedule, slotOn(schedule, date));
    if (input.asOf > options.clock.now())
      throw new ValidationError('that morning has not come yet', [
        {
          path: 'date',
          message: `the briefing of ${date} is composed at ${new Date(input.asOf).toISOString()}, which is still to come`,
        },
      ]);
    return input;
  };
  return {
    workflows,
    workflow,
    repository,
    followUps,
    ratingLinks: options.ratingLinks,
    sources,
    schedule,
    settings,
    inputFor,
    today: () => localDay(options.clock.now(), schedule.timezone),
    async startLatestMorning() {
      // The slot before the next one: the latest at or before now.
      const slot = previousSlot(schedule, options.clock.now() + 1);
      const input = morningInput(schedule, slot);
      const run = await options.runs.start(workflow, input, {
        idempotencyKey: `schedule:${SCHEDULE_NAME}:${new Date(slot).toISOString()}`,
      });
      return { runId: run.id, created: run.created, date: input.date };
    },
    asRole(model, role) {
      if (!policy.roles.includes(role))
        throw new ValidationError('unknown role', [
          { path: 'role', message: `"${role}" is not a role of the policy (${policy.roles.join(', ')})` },
        ]);
      const person = holdersOfRole(policy.directory, role)[0];
      if (person === undefined)
        throw new ValidationError('nobody holds the role', [
          { path: 'role', message: `nobody in the directory holds the role "${role}"` },
        ]);
      // Read as the role asked for, even when the person also holds a broader one.
      const audience = audienceOf({ id: person.id, roles: [role] });
      if (audience === null)
        throw new ValidationError('no briefing for the role', [
          { path: 'role', message: `the role "${role}" gets no morning briefing` },
        ]);
      return briefingFor(model, { id: person.id, name: person.name, roles: [role] }, audience);
    },
    async compose(date) {
      const input = inputFor(date);
      const window = briefingWindow(input.asOf, input.since);
      const collected: CollectedSource[] = [];
      for (const source of sources) {
        const result = await source.collect(window).catch((err: unknown) => ({
          status: 'unavailable' as const,
          reason: `it failed: ${err instanceof Error ? err.message : String(err)}`,
        }));
        collected.push({ name: source.name, title: source.title, result });
      }
      return composeBriefing(window, collected, {
        date,
        timezone: schedule.timezone,
        escalation: { ...policy.briefing.escalation },
      });
    },
  };
}

/** Registers the workflow and, unless told not to, its daily schedule (input: the slot's date, the slot and the slot before). */
export function registerBriefing(
  engine: Pick<Engine, 'register' | 'schedule'>,
  briefing: Briefing,
  options: { schedule: boolean } = { schedule: true },
): void {
  engine.register(...briefing.workflows);
  if (!options.schedule) return;
  engine.schedule({
    name: SCHEDULE_NAME,
    cron: briefing.schedule.cron,
    timezone: briefing.schedule.timezone,
    workflow: 'briefing.morning',
    input: (slot) => morningInput(briefing.schedule, slot.getTime()),
    // A process that was down at 08:00 sends that morning's briefing late rather than not at all.
    catchUp: 'fire_once',
  });
}

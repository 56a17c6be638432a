/**
 * `briefing.morning` (Level 1: it reports, it changes nothing), on the policy's schedule (the
 * seed's 08:00 in Los Angeles). In steps:
 *
 *   policy                     the briefing settings and directory, kept for the whole run
 *   source:<name>              each source, concurrently, one attempt of at most 5 minutes; a
 *                              source that fails or times out is named unavailable, and the
 *                              briefing goes on without it
 *   store                      the composed briefing, for the dashboard
 *   follow-ups                 (version 2) the follow-ups each person's plan names for the first
 *                              time, recorded as dashboard tasks; open ones come back the next
 *                              morning through the `follow_ups` source
 *   channels                   which channels this process can use (recorded for replays)
 *   urgent:<rule>:<ch>:<who>   the health check first: each criterion that fired, to every owner
 *                              on each of their channels, before anything routine
 *   briefing:<ch>:<who>        then each person's briefing, cut to their role
 *
 * Composition is pure over the recorded source results, so a replay composes the same briefing.
 * A delivery that keeps failing is reported in the run's result; the others still go out.
 * Version 1 (no `follow_ups` source, no `follow-ups` step) stays registered for runs in flight.
 */
import { z } from 'zod';
import { DELIVERY_RETRY, type ReportChannels, type ReportMessage } from '../../channels/index.ts';
import { DaySchema } from '../../domain/index.ts';
import { defineWorkflow, type WorkflowContext, type WorkflowDefinition } from '../../engine/workflow.ts';
import type { Clock } from '../../lib/clock.ts';
import { StepFailedError } from '../../lib/errors.ts';
import { audienceOf, briefingFor, newFollowUps } from './audience.ts';
import { briefingMessage, urgentMessage } from './briefing-messages.ts';
import type { BriefingSchedule } from './briefing-schedule.ts';
import { composeBriefing, urgentItems, type BriefingModel, type CollectedSource } from './compose-briefing.ts';
import type { EscalationThresholds } from './escalation-checks.ts';
import { briefingWindow, type BriefingSource, type BriefingWindow } from './sources/index.ts';
import { routineInternalWork } from '../../policy/index.ts';

export const MorningInputSchema = z.strictObject({
  /** The morning's date in the schedule's zone. */
  date: DaySchema,
  /** The slot: the moment the briefing describes. */
  asOf: z.number().int(),
  /** The previous slot: where "since the last briefing" starts. */
  since: z.number().int(),
});
export type MorningInput = z.output<typeof MorningInputSchema>;

/** The seed's `dataCollection.timeout`. */
export const SOURCE_TIMEOUT_MS = 5 * 60_000;

export interface BriefingPerson {
  id: string;
  name: string;
  roles: string[];
  email?: string | undefined;
  slackUserId?: string | undefined;
}

/** What the run reads from the policy and config once, in its `policy` step. */
export interface BriefingSettings {
  schedule: BriefingSchedule;
  escalation: EscalationThresholds;
  people: BriefingPerson[];
  /** Where the dashboard is reachable from a mail client or Slack; null when not configured. */
  publicUrl: string | null;
}

/** A follow-up a person's plan names, to be recorded as their task. */
export interface FollowUpTask {
  personId: string;
  kind: 'follow_up' | 'upgrade';
  customerId: string;
  text: string;
  briefingDate: string;
}

export const MORNING_VERSION = 2;

export interface MorningDeps {
  sources: readonly BriefingSource[];
  settings(): BriefingSettings;
  store: { save(model: BriefingModel, runId: string): Promise<void> };
  /** Records the planned follow-ups (a task already open for the same person, kind and customer is kept); returns their ids. */
  followUps: { plan(tasks: readonly FollowUpTask[], runId: string): Promise<string[]> };
  channels: ReportChannels;
  clock: Clock;
  sourceTimeoutMs?: number;
}

export interface DeliveryResult {
  step: string;
  recipient: string;
  channel: string;
  messageId: string | null;
  error: { code: string; message: string } | null;
}

export interface MorningResult {
  date: string;
  /** Ids of the follow-ups recorded as tasks (version 2). */
  followUps?: string[];
  urgent: string[];
  unavailable: string[];
  deliveries: DeliveryResult[];
}

export const BRIEFING_PAGE = '/briefing';

export function briefingPageUrl(publicUrl: string | null, date: string): string | null {
  return publicUrl === null ? null : `${publicUrl.replace(/\/+$/, '')}${BRIEFING_PAGE}/${date}`;
}

export function morningBriefingWorkflow(
  deps: MorningDeps,
  version: number = MORNING_VERSION,
): WorkflowDefinition<MorningInput, MorningResult, z.input<typeof MorningInputSchema>> {
  const sources = version === 1 ? deps.sources.filter((s) => s.name !== 'follow_ups') : deps.sources;
  return defineWorkflow({
    name: 'briefing.morning',
    version,
    input: MorningInputSchema,
    // The seed's Daily Business Operations workflow: it reads and reports, so Level 1.
    classification: routineInternalWork(5),
    run: async (ctx, input) => {
      const settings = await ctx.step('policy', () => deps.settings());
      const window = briefingWindow(input.asOf, input.since);
      const timeoutMs = deps.sourceTimeoutMs ?? SOURCE_TIMEOUT_MS;
      const collected = await Promise.all(sources.map((s) => collect(ctx, s, window, timeoutMs)));
      const model = composeBriefing(window, collected, {
        date: input.date,
        timezone: settings.schedule.timezone,
        escalation: settings.escalation,
      });
      await ctx.step('store', async () => {
        await deps.store.save(model, ctx.runId);
        return { date: model.date };
      });
      const readers = settings.people.flatMap((person) => {
        const audience = audienceOf(person);
        return audience === null ? [] : [{ person, briefing: briefingFor(model, person, audience) }];
      });
      const followUps =
        version === 1
          ? undefined
          : await ctx.step('follow-ups', () =>
              deps.followUps.plan(
                readers.flatMap(({ person, briefing }) =>
                  newFollowUps(briefing).map((f) => ({
                    personId: person.id,
                    kind: f.kind === 'upgrade' ? ('upgrade' as const) : ('follow_up' as const),
                    customerId: f.ref,
                    text: f.text,
                    briefingDate: model.date,
                  })),
                ),
                ctx.runId,
              ),
            );
      const available = await ctx.step('channels', () => deps.channels.available());
      const page = briefingPageUrl(settings.publicUrl, model.date);

      const urgent = urgentItems(model);
      const owners = settings.people.filter((p) => p.roles.includes('owner'));
      const escalated = await deliverAll(
        ctx,
        deps,
        available,
        urgent.flatMap((check) =>
          owners.map((person) => ({
            prefix: `urgent:${check.rule}`,
            person,
            message: urgentMessage(check, model.date, page),
          })),
        ),
      );
      const routine = await deliverAll(
        ctx,
        deps,
        available,
        readers.map(({ person, briefing }) => ({
          prefix: 'briefing',
          person,
          message: briefingMessage(briefing, page),
        })),
      );
      return {
        date: model.date,
        ...(followUps !== undefined && { followUps }),
        urgent: urgent.map((u) => u.rule),
        unavailable: model.sources.filter((s) => s.status === 'unavailable').map((s) => s.name),
        deliveries: [...escalated, ...routine],
      };
    },
  });
}

async function collect(
  ctx: WorkflowContext,
  source: BriefingSource,
  window: BriefingWindow,
  timeoutMs: number,
): Promise<CollectedSource> {
  const { name, title } = source;
  try {
    const result = await ctx.step(`source:${name}`, () => source.collect(window), {
      retry: { maxAttempts: 1, timeoutMs },
    });
    return { name, title, result };
  } catch (err) {
    if (!(err instanceof StepFailedError)) throw err;
    const reason =
      err.lastError.code === 'STEP_TIMEOUT'
        ? `no answer within ${Math.round(timeoutMs / 60_000)} minutes`
        : `it failed: ${err.lastError.message}`;
    return { name, title, result: { status: 'unavailable', reason } };
  }
}

interface Outgoing {
  prefix: string;
  person: BriefingPerson;
  message: ReportMessage;
}

/** Every message on each of its person's channels, concurrently, each delivery its own durable step. */
async function deliverAll(
  ctx: WorkflowContext,
  deps: Pick<MorningDeps, 'channels' | 'clock'>,
  available: { email: boolean; slack: boolean },
  outgoing: readonly Outgoing[],
): Promise<DeliveryResult[]> {
  const planned = outgoing.flatMap((o) => {
    const list: ('dashboard' | 'email' | 'slack')[] = ['dashboard'];
    if (available.slack && o.person.slackUserId !== undefined) list.push('slack');
    if (available.email && o.person.email !== undefined) list.push('email');
    return list.map((channel) => ({ ...o, channel, step: `${o.prefix}:${channel}:${o.person.id}` }));
  });
  return Promise.all(
    planned.map(async ({ person, message, channel, step }): Promise<DeliveryResult> => {
      try {
        const sent = await ctx.step(
          step,
          (info) =>
            deps.channels.deliver(channel, person, message, {
              key: info.idempotencyKey,
              runId: info.runId,
              now: deps.clock.now(),
            }),
          { retry: DELIVERY_RETRY },
        );
        return { step, recipient: person.id, channel, messageId: sent.messageId, error: null };
      } catch (err) {
        if (!(err instanceof StepFailedError)) throw err;
        const { code, message: why } = err.lastError;
        return { step, recipient: person.id, channel, messageId: null, error: { code, message: why } };
      }
    }),
  );
}

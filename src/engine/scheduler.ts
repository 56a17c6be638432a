import { CronExpressionParser } from 'cron-parser';
import { ValidationError } from '../lib/errors.ts';
import type { NewRun, Store } from '../store/types.ts';
import type { GroupCommitter } from './group-commit.ts';
import type { WorkflowRegistry } from './registry.ts';

export type CatchUpPolicy = 'skip' | 'fire_once' | 'all';

export interface ScheduleDefinition {
  /** Stable name: part of every slot's run idempotency key. */
  name: string;
  cron: string;
  /** IANA time zone the cron expression is read in, e.g. America/Los_Angeles. */
  timezone: string;
  workflow: string;
  input?: Record<string, unknown> | ((slot: Date) => unknown);
  /**
   * After downtime: 'skip' fires only a slot that is less than `lateness` old (missed ones are
   * dropped), 'fire_once' fires the latest missed slot once, 'all' fires every missed slot.
   */
  catchUp?: CatchUpPolicy;
  /** How late a slot may fire and still count as on time; default one minute. */
  latenessMs?: number;
}

const MAX_SLOTS_PER_TICK = 1_000;

/** Slots strictly after `after` and at or before `until`, in order (pure; cron-parser does the calendar). */
export function slotsBetween(
  def: Pick<ScheduleDefinition, 'cron' | 'timezone'>,
  after: number,
  until: number,
  max = MAX_SLOTS_PER_TICK,
): number[] {
  const it = CronExpressionParser.parse(def.cron, { currentDate: new Date(after), tz: def.timezone });
  const out: number[] = [];
  while (out.length < max) {
    const next = it.next().getTime();
    if (next > until) break;
    out.push(next);
  }
  return out;
}

export function nextSlotAfter(def: Pick<ScheduleDefinition, 'cron' | 'timezone'>, after: number): number {
  return CronExpressionParser.parse(def.cron, { currentDate: new Date(after), tz: def.timezone })
    .next()
    .getTime();
}

/** Which due slots fire under a catch-up policy (pure). */
export function slotsToFire(due: number[], now: number, policy: CatchUpPolicy, latenessMs: number): number[] {
  if (due.length === 0) return [];
  const latest = due[due.length - 1]!;
  switch (policy) {
    case 'all':
      return due;
    case 'fire_once':
      return [latest];
    case 'skip':
      return now - latest <= latenessMs ? [latest] : [];
  }
}

export function validateSchedule(def: ScheduleDefinition): void {
  const issues: { path: string; message: string }[] = [];
  try {
    CronExpressionParser.parse(def.cron, { tz: def.timezone });
  } catch (err) {
    issues.push({ path: 'cron', message: (err as Error).message });
  }
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: def.timezone });
  } catch {
    issues.push({ path: 'timezone', message: `unknown IANA time zone '${def.timezone}'` });
  }
  if (issues.length) throw new ValidationError(`invalid schedule '${def.name}'`, issues);
}

/**
 * Fires cron slots. Every worker ticks every schedule; a slot becomes a run with the idempotency
 * key `schedule:<name>:<slot>`, so it fires exactly once however many workers race, with no leader.
 */
export class Scheduler {
  private readonly defs = new Map<string, ScheduleDefinition>();
  private readonly nextDue = new Map<string, number>();

  constructor(
    private readonly store: Store,
    private readonly committer: GroupCommitter,
    private readonly registry: WorkflowRegistry,
  ) {}

  add(def: ScheduleDefinition): void {
    validateSchedule(def);
    this.registry.latest(def.workflow);
    this.defs.set(def.name, def);
    this.nextDue.delete(def.name);
  }

  /** The registered schedules, by name (read-only: the dashboard lists them). */
  list(): ScheduleDefinition[] {
    return [...this.defs.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Earliest known next slot, for a worker deciding how long it may sleep. */
  nextWakeAt(): number | null {
    const all = [...this.nextDue.values()];
    return all.length ? Math.min(...all) : null;
  }

  async tick(now: number): Promise<number> {
    let fired = 0;
    for (const def of this.defs.values()) {
      const cached = this.nextDue.get(def.name);
      if (cached !== undefined && cached > now) continue;
      fired += await this.tickOne(def, now);
    }
    return fired;
  }

  private async tickOne(def: ScheduleDefinition, now: number): Promise<number> {
    // A new schedule starts just before now, so a slot falling exactly at registration fires.
    const rec = await this.store.ensureSchedule(def.name, now - 1);
    const due = slotsBetween(def, rec.lastSlot, now);
    if (due.length === 0) {
      this.nextDue.set(def.name, nextSlotAfter(def, Math.max(rec.lastSlot, now)));
      return 0;
    }
    const slots = slotsToFire(due, now, def.catchUp ?? 'skip', def.latenessMs ?? 60_000);
    const workflow = this.registry.latest(def.workflow);
    const runs: NewRun[] = slots.map((slot) => {
      const input = typeof def.input === 'function' ? def.input(new Date(slot)) : (def.input ?? {});
      return this.registry.newRun(workflow, input, {
        key: `schedule:${def.name}:${new Date(slot).toISOString()}`,
        now,
      });
    });
    const lastSlot = due[due.length - 1]!;
    const result = await this.committer.enqueue({
      kind: 'fire_schedule',
      name: def.name,
      expectedLastSlot: rec.lastSlot,
      lastSlot,
      runs,
    });
    this.nextDue.delete(def.name);
    return result.ok ? result.runs.filter((r) => r.created).length : 0;
  }
}

import { NotFoundError, ConflictError } from '../lib/errors.ts';
import type { EventToPublish, NewEvent, NewRun } from '../store/types.ts';
import { newId } from './ids.ts';
import { parseInput, type AnyWorkflow, type WorkflowDefinition } from './workflow.ts';

export interface Subscription {
  /** Stable name: part of the idempotency key of every run it starts. */
  name: string;
  topic: string;
  workflow: string;
  /** Maps the event to the workflow's input; defaults to the payload. */
  toInput?: (event: NewEvent) => unknown;
}

/**
 * Workflow definitions by name and version (a run keeps the version it started with), and the
 * subscriptions that start a workflow per published event.
 */
export class WorkflowRegistry {
  private readonly byName = new Map<string, Map<number, WorkflowDefinition>>();
  private readonly subs: Subscription[] = [];
  private sortedNames: readonly string[] = [];

  register(def: AnyWorkflow): void {
    const versions = this.byName.get(def.name) ?? new Map<number, WorkflowDefinition>();
    versions.set(def.version, def as WorkflowDefinition);
    this.byName.set(def.name, versions);
    this.sortedNames = [...this.byName.keys()].sort();
  }

  subscribe(sub: Subscription): void {
    if (this.subs.some((s) => s.name === sub.name))
      throw new ConflictError(`subscription '${sub.name}' is already registered`);
    this.latest(sub.workflow);
    this.subs.push(sub);
  }

  /** The registered subscriptions, in registration order (read-only). */
  subscriptions(): readonly Subscription[] {
    return this.subs;
  }

  latest(name: string): WorkflowDefinition {
    const versions = this.byName.get(name);
    if (!versions || versions.size === 0) throw new NotFoundError('workflow', name);
    return versions.get(Math.max(...versions.keys()))!;
  }

  get(name: string, version: number): WorkflowDefinition | undefined {
    return this.byName.get(name)?.get(version);
  }

  /** Registered workflow names, sorted; the same array until the next registration (workers pass it to every claim). */
  names(): readonly string[] {
    return this.sortedNames;
  }

  newRun(
    def: WorkflowDefinition,
    input: unknown,
    opts: { id?: string; parentId?: string | null; key?: string | null; now: number; runnableAt?: number },
  ): NewRun {
    return {
      id: opts.id ?? newId('run', opts.now),
      workflow: def.name,
      version: def.version,
      input: JSON.parse(JSON.stringify(parseInput(def, input) ?? null)) as unknown,
      idempotencyKey: opts.key ?? null,
      parentId: opts.parentId ?? null,
      createdAt: opts.now,
      runnableAt: opts.runnableAt ?? opts.now,
    };
  }

  /**
   * Runs started by subscriptions for an event. An event whose payload fails a subscriber's input
   * schema starts nothing for that subscriber: rejecting the publish would lose the event for all.
   */
  withSubscribers(event: NewEvent, now: number, onInvalid: (sub: Subscription, err: unknown) => void): EventToPublish {
    const subscriberRuns: NewRun[] = [];
    for (const sub of this.subs) {
      if (sub.topic !== event.topic) continue;
      try {
        const def = this.latest(sub.workflow);
        const input = sub.toInput ? sub.toInput(event) : event.payload;
        subscriberRuns.push(this.newRun(def, input, { key: `sub:${sub.name}:${event.id}`, now }));
      } catch (err) {
        onInvalid(sub, err);
      }
    }
    return { ...event, subscriberRuns };
  }
}

/**
 * Approvals as the outside world and the gate see them: request, decide, time out, and wake the
 * waiting run. Every change is read → pure lifecycle function → compare-and-set write, retried
 * when someone else changed the row first.
 *
 * How a decision wakes its run. Recording the decision (one row write) and publishing the engine
 * event `approval.decided` are two writes, so the row carries an outbox flag set by the decision
 * itself: after the write, `decide` appends the audit entry and publishes the event with the id
 * `approval:<id>:<status>` (publishing an id twice is a no-op), then clears the flag. A crash in
 * between leaves the flag set, and `sweep` finishes the job. The run also acknowledges the outcome
 * when it reads it; a decision its run has not acknowledged a minute after publication (the event
 * came just before the run began waiting, e.g. around a crash) is published again under a new id
 * until the round's deadline, when the run's own timeout finds the decision anyway.
 */
import type { Clock } from '../lib/clock.ts';
import type { Logger } from '../lib/logger.ts';
import { silentLogger } from '../lib/logger.ts';
import { NotFoundError } from '../lib/errors.ts';
import type { DecisionRecord, Policy } from '../policy/index.ts';
import type {
  ApprovalConsequences,
  ApprovalDecision,
  ApprovalFilter,
  Recommendation,
  StoredApproval,
} from './approval-model.ts';
import type { ApprovalRepository } from './approval-repository.ts';
import type { AuditRepository } from '../audit/audit-repository.ts';
import type { AuditData, NewAuditEntry, NewAuditEntryOf } from '../audit/entries.ts';
import type { AuditKind } from '../audit/kinds.ts';
import { outcomeOfTally, tallyDecisions } from './authority.ts';
import { ApprovalRefusedError } from './errors.ts';
import type { Approval, DecisionInput, TimeoutEffect } from './lifecycle.ts';
import { applyDecision, applyTimeout, isResolved, openApproval } from './lifecycle.ts';

export const APPROVAL_DECIDED_TOPIC = 'approval.decided';

export interface ApprovalDecidedPayload {
  approvalId: string;
  runId: string;
  status: 'approved' | 'rejected';
  decidedAt: number;
}

/** The engine's publish (`Engine.publish`): the same id twice is a no-op. */
export interface ApprovalEvents {
  publish(topic: string, payload: unknown, options: { id: string }): Promise<unknown>;
}

export interface ApprovalServiceOptions {
  repository: ApprovalRepository;
  audit: AuditRepository;
  policy: Policy;
  clock: Clock;
  events: ApprovalEvents;
  logger?: Logger;
  /** Publish an unacknowledged decision again after this long (default one minute). */
  republishAfterMs?: number;
  /**
   * Called after every recorded decision and when an approval expires, e.g. to settle the requests
   * people were sent (the decider's own; everyone's once the approval is settled). Must be
   * idempotent: a crash before the outbox clears calls it again.
   */
  onDecided?: (approval: Approval) => Promise<void>;
}

/** Compare-and-set attempts before a decision gives up with APPROVAL_BUSY. */
const CAS_ATTEMPTS = 8;
const SWEEP_BATCH = 100;

export function approvalEventId(approval: Pick<StoredApproval, 'id' | 'status'>, attempt: number): string {
  return `approval:${approval.id}:${approval.status}${attempt > 1 ? `:${attempt}` : ''}`;
}

export class ApprovalService {
  readonly repository: ApprovalRepository;
  private readonly audit: AuditRepository;
  private readonly policy: Policy;
  private readonly clock: Clock;
  private readonly events: ApprovalEvents;
  private readonly logger: Logger;
  private readonly republishAfterMs: number;
  private readonly onDecided: (approval: Approval) => Promise<void>;
  private sweeper: NodeJS.Timeout | null = null;

  constructor(options: ApprovalServiceOptions) {
    this.repository = options.repository;
    this.audit = options.audit;
    this.policy = options.policy;
    this.clock = options.clock;
    this.events = options.events;
    this.logger = options.logger ?? silentLogger;
    this.republishAfterMs = options.republishAfterMs ?? 60_000;
    this.onDecided = options.onDecided ?? (async () => {});
  }

  /** Opens the approval for a run's action; idempotent by `id` (the gate derives it from its step key). */
  async request(input: {
    id: string;
    runId: string;
    record: DecisionRecord;
    recommendation?: Recommendation | null;
    consequences?: ApprovalConsequences | null;
  }): Promise<Approval> {
    const { directory, businessCalendar } = this.policy;
    const opened = openApproval({ ...input, now: this.clock.now() }, directory, businessCalendar);
    const { approval } = await this.repository.create(opened);
    const first = approval.rounds[0];
    await this.audit.append([
      this.entry(approval, 'approval_requested', `${approval.id}/requested`, approval.createdAt, {
        kind: approval.kind,
        level: approval.level,
        approvalsNeeded: approval.approvalsNeeded,
        deadline: approval.deadline,
        eligible: first?.eligible ?? [],
      }),
    ]);
    return approval;
  }

  async get(id: string): Promise<Approval> {
    const approval = await this.repository.get(id);
    if (approval === null) throw new NotFoundError('approval', id);
    return approval;
  }

  list(filter?: ApprovalFilter): Promise<Approval[]> {
    return this.repository.list(filter);
  }

  /** Records one person's decision (refusals throw ApprovalRefusedError) and wakes the run if it settled the approval. */
  async decide(input: DecisionInput): Promise<Approval> {
    for (let attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
      const current = await this.get(input.approvalId);
      const next = applyDecision(current, input, this.clock.now(), this.policy.directory);
      if (!(await this.repository.update(next, current.version))) continue;
      try {
        await this.flush(next);
      } catch (err) {
        // The decision is durable and its outbox flag set: the sweep completes what failed here.
        this.logger.warn(
          {
            approvalId: next.id,
            err,
          },
          'approval decision recorded; audit or wake-up deferred to the sweep',
        );
      }
      return next;
    }
    throw new ApprovalRefusedError(
      'APPROVAL_BUSY',
      input.approvalId,
      `approval ${input.approvalId} kept changing; try again`,
    );
  }

  /** The gate reads the approval through this, which also acknowledges a settled outcome. */
  async observe(id: string): Promise<Approval> {
    const approval = await this.get(id);
    if (isResolved(approval) && approval.acknowledgedAt === null)
      await this.repository.acknowledge(id, this.clock.now());
    return approval;
  }

  /** The run's timeout for `round`: escalates or expires (idempotent; a stale call changes nothing). */
  async handleTimeout(id: string, round: number): Promise<{ approval: Approval; effect: TimeoutEffect }> {
    for (let attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
      const current = await this.get(id);
      const { directory, businessCalendar } = this.policy;
      const result = applyTimeout(current, round, this.clock.now(), directory, businessCalendar);
      if (result.changed && !(await this.repository.update(result.approval, current.version))) continue;
      const { approval, effect } = result;
      if (effect === 'escalated' || effect === 'expired')
        await this.audit.append(this.timeoutEntries(approval, round, effect));
      if (effect === 'expired') await this.onDecided(approval);
      if (isResolved(approval)) await this.repository.acknowledge(id, this.clock.now());
      return { approval, effect };
    }
    throw new ApprovalRefusedError('APPROVAL_BUSY', id, `approval ${id} kept changing while its timeout was handled`);
  }

  /**
   * Finishes what a crash interrupted (outbox) and re-publishes decisions their runs have not
   * read yet. Safe to run in every process at once: everything it writes is idempotent.
   */
  async sweep(): Promise<{ flushed: number; republished: number }> {
    let flushed = 0;
    for (const approval of await this.repository.listOutboxPending(SWEEP_BATCH)) {
      await this.flush(approval);
      flushed++;
    }
    const now = this.clock.now();
    let republished = 0;
    for (const approval of await this.repository.listUnacknowledged(now - this.republishAfterMs, now, SWEEP_BATCH)) {
      const attempt = approval.publishCount + 1;
      await this.publish(approval, attempt);
      await this.repository.markPublished(approval.id, approval.version, attempt, now);
      republished++;
    }
    return { flushed, republished };
  }

  /** Runs `sweep` every `intervalMs` of real time (the first right away) until `stopSweeper`. */
  startSweeper(intervalMs = 15_000): void {
    if (this.sweeper !== null) return;
    let running = false;
    const tick = (): void => {
      if (running) return;
      running = true;
      this.sweep()
        .catch((err: unknown) => this.logger.warn({ err }, 'approval sweep failed; retrying next interval'))
        .finally(() => (running = false));
    };
    this.sweeper = setInterval(tick, intervalMs);
    // The sweeper alone must not keep a process alive.
    this.sweeper.unref();
    tick();
  }

  stopSweeper(): void {
    if (this.sweeper !== null) clearInterval(this.sweeper);
    this.sweeper = null;
  }

  private async flush(approval: Approval): Promise<void> {
    await this.audit.append(approval.decisions.map((d) => this.decisionEntry(approval, d)));
    if (approval.status === 'approved' || approval.status === 'rejected') {
      await this.publish(approval, 1);
      // Before the outbox clears, so a failure here is retried by the sweep (the run is already woken).
      await this.onDecided(approval);
      await this.repository.markPublished(approval.id, approval.version, 1, this.clock.now());
    } else {
      await this.onDecided(approval);
      await this.repository.clearOutbox(approval.id, approval.version);
    }
  }

  private async publish(approval: Approval, attempt: number): Promise<void> {
    const payload: ApprovalDecidedPayload = {
      approvalId: approval.id,
      runId: approval.runId,
      status: approval.status as ApprovalDecidedPayload['status'],
      decidedAt: approval.resolvedAt ?? approval.updatedAt,
    };
    await this.events.publish(APPROVAL_DECIDED_TOPIC, payload, { id: approvalEventId(approval, attempt) });
  }

  private decisionEntry(approval: Approval, d: ApprovalDecision): NewAuditEntry {
    // The status right after this decision, recomputed so the sweep writes what decide would have.
    const upTo = approval.decisions.filter((x) => x.seq <= d.seq);
    const settled = outcomeOfTally(tallyDecisions(upTo), approval.requirements.length, approval.approvalsNeeded);
    return {
      ...this.entry(approval, 'approval_decision', `${approval.id}/decision/${d.seq}`, d.at, {
        verdict: d.verdict,
        requirement: d.requirement,
        settlesAll: d.settlesAll,
        round: d.round,
        comment: d.comment,
        reason: d.reason,
        statusAfter: settled ?? (d.round > 1 ? 'escalated' : 'pending'),
        // Only when there is one, so entries for approvals without choices read as they always did.
        ...(d.choice !== null && { choice: d.choice }),
      }),
      actor: d.by,
      channel: d.channel,
    };
  }

  private timeoutEntries(approval: Approval, round: number, effect: 'escalated' | 'expired'): NewAuditEntry[] {
    const timedOut = approval.rounds.find((r) => r.round === round);
    const at =
      effect === 'expired'
        ? (approval.resolvedAt ?? approval.updatedAt)
        : (approval.rounds.at(-1)?.startedAt ?? approval.updatedAt);
    const entries: NewAuditEntry[] = [
      this.entry(approval, 'approval_timed_out', `${approval.id}/timed-out/${round}`, at, {
        round,
        deadline: timedOut?.deadline ?? null,
      }),
    ];
    if (effect === 'escalated') {
      const next = approval.rounds.at(-1)!;
      entries.push(
        this.entry(approval, 'approval_escalated', `${approval.id}/escalated/${next.round}`, at, {
          round: next.round,
          reason: next.reason,
          deadline: next.deadline,
          eligible: next.eligible,
        }),
      );
    } else {
      entries.push(
        this.entry(approval, 'approval_expired', `${approval.id}/expired`, at, { round, fallback: approval.fallback }),
      );
    }
    return entries;
  }

  private entry<K extends AuditKind>(
    approval: Approval,
    kind: K,
    key: string,
    at: number,
    data: AuditData[K],
  ): NewAuditEntryOf<K> {
    return {
      at,
      kind,
      actor: 'system',
      channel: 'system',
      runId: approval.runId,
      approvalId: approval.id,
      actionId: approval.actionId,
      data,
      key,
    };
  }
}

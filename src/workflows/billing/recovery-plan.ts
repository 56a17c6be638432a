/**
 * The payment-recovery timeline, derived from the policy alone: on which days after the failure
 * the run retries the charge, changes the customer's service restriction, and writes to them. Pure,
 * so the schedule can be tested for any policy and the workflow only walks it.
 */
import { graceRestrictionOnDay, type RecoveryPolicy, type Restriction } from '../../policy/index.ts';
import { DAY_MS } from '../../domain/index.ts';

export interface RecoveryMessageStep {
  channels: readonly ('email' | 'sms' | 'slack')[];
  template: string;
  action: string;
}

export interface Checkpoint {
  /** Days after the failure (day 0 is the failure itself). */
  day: number;
  /** Retry the charge first: only for soft declines, on the policy's retry days. */
  retry: boolean;
  /** The restriction that starts this day, if it differs from the day before (the policy never makes a later day milder). */
  restriction: Exclude<Restriction, 'none'> | null;
  messages: RecoveryMessageStep[];
}

export function recoveryCheckpoints(recovery: RecoveryPolicy, decline: 'soft' | 'hard'): Checkpoint[] {
  const retryDays = decline === 'soft' ? recovery.softDeclineRetryDays : [];
  const restrictionDays = recovery.gracePeriod.restrictions.map((r) => r.fromDay).filter((d) => d > 0);
  const days = [...new Set([...retryDays, ...recovery.communication.map((c) => c.day), ...restrictionDays])].sort(
    (a, b) => a - b,
  );
  return days.map((day) => {
    const today = graceRestrictionOnDay(day, recovery);
    return {
      day,
      retry: retryDays.includes(day),
      restriction: today !== 'none' && today !== graceRestrictionOnDay(day - 1, recovery) ? today : null,
      messages: recovery.communication
        .filter((c) => c.day === day)
        .map((c) => ({ channels: c.channels, template: c.template, action: c.action })),
    };
  });
}

/** When a checkpoint falls: whole days after the failure, shifted by any grace extension. */
export function checkpointAt(failedAt: number, day: number, extensionDays: number): number {
  return failedAt + (day + extensionDays) * DAY_MS;
}

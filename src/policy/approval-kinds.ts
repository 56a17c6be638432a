/**
 * The seed's three approval kinds ("Human Interaction Patterns"), with timeouts and what happens
 * when nobody answers in time. The approvals engine runs the waits; this module only says how long
 * and what next.
 */
import { z } from 'zod';
import type { DeepReadonly } from './primitives.ts';
import { RoleNameSchema } from './primitives.ts';

export const ApprovalKindNameSchema = z.enum(['synchronous', 'asynchronous', 'consensus']);
export type ApprovalKindName = z.infer<typeof ApprovalKindNameSchema>;

/**
 * - escalate_to_backup: ask the backup (directory `backupId`) of each approver who did not answer,
 *   then, round by round, the backup's own backup, up to `maxBackupHops` backups deep.
 * - proceed_with_conservative_default: take the fallback the workflow declared for this action.
 * - escalate_to_final_decision_maker: hand the whole decision to `finalDecisionMakerRole`.
 */
export const ApprovalFallbackSchema = z.enum([
  'escalate_to_backup',
  'proceed_with_conservative_default',
  'escalate_to_final_decision_maker',
]);
export type ApprovalFallback = z.infer<typeof ApprovalFallbackSchema>;

const TimeoutMinutesSchema = z.number().positive();

const ApprovalKindSchema = z.strictObject({
  timeoutMinutes: TimeoutMinutesSchema,
  fallback: ApprovalFallbackSchema,
  /**
   * True: the timeout counts only the open hours of the policy's `businessCalendar` (the seed's
   * "approval within business hours"). Absent or false: it counts wall-clock time.
   */
  businessHours: z.boolean().optional(),
});

/**
 * `quorum`: how many of the route's required approvals a consensus needs. 'all' (the default)
 * keeps the combination rule strict: every routed role must approve. A number relaxes that to
 * "any n of them" and is capped at the number of required approvals.
 */
export const QuorumSchema = z.union([z.literal('all'), z.number().int().min(1)]);
export type Quorum = z.infer<typeof QuorumSchema>;

export const ApprovalsPolicySchema = z.strictObject({
  /** The kind used when a route needs a single approval; two or more always use consensus. */
  defaultKind: ApprovalKindNameSchema,
  /** Who takes the decision when a consensus (or any kind so configured) times out. */
  finalDecisionMakerRole: RoleNameSchema,
  /**
   * How far `escalate_to_backup` follows the chain of backups: 1 asks each silent approver's
   * backup, 2 also the backup's backup, and so on, one round (one timeout) per hop.
   */
  maxBackupHops: z.number().int().min(1).max(10),
  kinds: z.strictObject({
    synchronous: ApprovalKindSchema,
    asynchronous: ApprovalKindSchema,
    consensus: ApprovalKindSchema.extend({ quorum: QuorumSchema }),
  }),
});

export type ApprovalsPolicy = DeepReadonly<z.infer<typeof ApprovalsPolicySchema>>;
export type ApprovalKindPolicy = z.infer<typeof ApprovalKindSchema>;

export function approvalTimeoutMs(kind: ApprovalKindName, approvals: ApprovalsPolicy): number {
  return Math.round(approvals.kinds[kind].timeoutMinutes * 60_000);
}

/** Approvals needed before the action may proceed, given how many the route requires. */
export function requiredApprovalCount(kind: ApprovalKindName, required: number, approvals: ApprovalsPolicy): number {
  if (kind !== 'consensus') return required;
  const { quorum } = approvals.kinds.consensus;
  return quorum === 'all' ? required : Math.min(quorum, required);
}

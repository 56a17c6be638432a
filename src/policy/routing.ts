/**
 * Who must approve (or, at Level 3, decide): the seed's `approval_routing`.
 *
 * Financial routing walks ascending tiers; each tier covers amounts strictly UNDER its `underUsd`
 * and the last tier is open-ended. With the seed's tiers, $999.99 is auto-approved, $1,000 to
 * $4,999.99 goes to the finance manager, $5,000 to $24,999.99 to the CFO, and $25,000.00 and
 * above to the board: the seed says "under_25000: cfo", and $25,000.00 is not under $25,000.
 *
 * Customer routing: any enterprise customer -> `enterpriseRole` (CEO); otherwise two or more
 * customers -> `multipleCustomersRole` (head of customer success); exactly one -> that customer's
 * own success manager (`successManagerId`), or any holder of `singleCustomerRole` when the
 * customer has none in the directory.
 *
 * How they combine: the route is the SET of required roles. When both apply, both must approve
 * (two-person control: money and customer relationship are separate risks, and neither owner
 * should be able to sign off the other's); a role named by both appears once. Requirements are
 * listed highest-ranked first (rank = position in the policy's `roles`), the order approvers are
 * notified and escalated in. Level 1 actions need nobody. A Level 2 or 3 action that no rule
 * routes (small amount, no customers) goes to `defaultApproverRole`, because those levels
 * always need a person. Nobody approves an action they initiated: the initiator is removed from
 * the eligible approvers, and if that leaves no one, their backup stands in; an initiator without
 * a backup (the top of the organisation) is stood in for by the other holders of the nearest role
 * above theirs, or below it when none is above.
 */
import { z } from 'zod';
import type { ApprovalFallback, ApprovalKindName, ApprovalsPolicy } from './approval-kinds.ts';
import { requiredApprovalCount } from './approval-kinds.ts';
import type { Directory, Person } from './directory.ts';
import { backupOf, findPerson, holdersOfRole } from './directory.ts';
import { formatCount, formatUsd, toCents } from './money.ts';
import type { AutonomyLevel, DeepReadonly } from './primitives.ts';
import { RoleNameSchema, UsdSchema, describeRole } from './primitives.ts';
import { InternalError } from '../lib/errors.ts';

export const FinancialTierSchema = z.strictObject({
  /** Exclusive upper bound in USD; null on the last, open-ended tier. */
  underUsd: UsdSchema.nullable(),
  /** The role that must approve; null means auto-approved. */
  role: RoleNameSchema.nullable(),
});

export const RoutingPolicySchema = z.strictObject({
  financial: z.strictObject({ tiers: z.array(FinancialTierSchema).min(1) }),
  customer: z.strictObject({
    singleCustomerRole: RoleNameSchema,
    multipleCustomersRole: RoleNameSchema,
    enterpriseRole: RoleNameSchema,
  }),
  defaultApproverRole: RoleNameSchema,
});

export type FinancialTier = z.infer<typeof FinancialTierSchema>;
export type RoutingPolicy = DeepReadonly<z.infer<typeof RoutingPolicySchema>>;

/** A customer an action touches, as the domain layer knows it. */
export const CustomerRefSchema = z.strictObject({
  id: z.string().min(1),
  name: z.string().min(1).optional(),
  enterprise: z.boolean().optional(),
  /** Directory id of the customer's own success manager. */
  successManagerId: z.string().min(1).optional(),
});
export type CustomerRef = Readonly<z.infer<typeof CustomerRefSchema>>;

export interface FinancialRouteMatch {
  readonly tierIndex: number;
  readonly role: string | null;
  readonly reason: string;
}

export interface CustomerRouteMatch {
  readonly role: string;
  /** The one person the rule names (a customer's own success manager), else null. */
  readonly assigneeId: string | null;
  readonly reason: string;
}

export function routeByFinancialImpact(amountUsd: number, tiers: readonly FinancialTier[]): FinancialRouteMatch {
  const cents = toCents(amountUsd);
  const tierIndex = tiers.findIndex((t) => t.underUsd === null || cents < toCents(t.underUsd));
  const tier = tiers[tierIndex];
  if (tier === undefined) throw new InternalError('routing tiers must end with an open-ended tier (underUsd: null)');
  const lower = tiers[tierIndex - 1]?.underUsd ?? null;
  const who = tier.role === null ? 'auto-approved' : `${describeRole(tier.role)} approval`;
  return { tierIndex, role: tier.role, reason: `${who}: ${describeBand(amountUsd, lower, tier)}` };
}

function describeBand(amountUsd: number, lower: number | null, tier: FinancialTier): string {
  const money = `financial impact ${formatUsd(amountUsd)}`;
  if (tier.underUsd === null) {
    return lower === null ? `${money} (one tier covers every amount)` : `${money} is ${formatUsd(lower)} or more`;
  }
  if (lower === null || tier.role === null) return `${money} is under ${formatUsd(tier.underUsd)}`;
  return `${money} is at least ${formatUsd(lower)} and under ${formatUsd(tier.underUsd)}`;
}

export function routeByCustomerImpact(
  customers: readonly CustomerRef[],
  customersAffected: number | undefined,
  rules: RoutingPolicy['customer'],
): CustomerRouteMatch | null {
  const distinct = [...new Map(customers.map((c) => [c.id, c])).values()];
  const count = Math.max(distinct.length, customersAffected ?? 0);
  const enterprise = distinct.filter((c) => c.enterprise === true);
  if (enterprise.length > 0) {
    const names = enterprise.map((c) => c.name ?? c.id);
    const list = names.length <= 3 ? names.join(', ') : `${names.slice(0, 3).join(', ')} and ${names.length - 3} more`;
    const noun = enterprise.length === 1 ? 'enterprise customer' : 'enterprise customers';
    const role = rules.enterpriseRole;
    return { role, assigneeId: null, reason: `${describeRole(role)} approval: ${noun} ${list} affected` };
  }
  if (count >= 2) {
    const role = rules.multipleCustomersRole;
    return {
      role,
      assigneeId: null,
      reason: `${describeRole(role)} approval: ${formatCount(count)} customers affected`,
    };
  }
  if (count === 1) {
    const only = distinct[0];
    const role = rules.singleCustomerRole;
    const whose = only === undefined ? 'one customer affected' : `one customer (${only.name ?? only.id}) affected`;
    return { role, assigneeId: only?.successManagerId ?? null, reason: `${describeRole(role)} approval: ${whose}` };
  }
  return null;
}

export interface RouteInput {
  readonly financialImpactUsd: number;
  readonly customers: readonly CustomerRef[];
  readonly customersAffected?: number | undefined;
  /** Directory id of whoever proposed the action; they can never approve it. */
  readonly initiatedBy?: string | undefined;
  /** The kind the action asks for (action-classification.ts); default `approvals.defaultKind`. */
  readonly approvalKind?: ApprovalKindName | undefined;
}

export interface RoutingContext {
  /** Roles in ascending order of authority. */
  readonly roles: readonly string[];
  readonly routing: RoutingPolicy;
  readonly approvals: ApprovalsPolicy;
  readonly directory: Directory;
}

export type RequirementSource = 'financial' | 'customer' | 'default';

export interface ApprovalRequirement {
  readonly role: string;
  readonly rank: number;
  readonly sources: readonly RequirementSource[];
  readonly assigneeId: string | null;
  /** Who may satisfy this requirement now (before any timeout escalation). Never empty for a valid policy. */
  readonly eligible: readonly { readonly id: string; readonly name: string }[];
  readonly reasons: readonly string[];
}

/** A snapshot of the approval kind's rules at decision time, so the record stays true if the policy changes. */
export interface ApprovalPlan {
  readonly kind: ApprovalKindName;
  readonly timeoutMinutes: number;
  readonly fallback: ApprovalFallback;
  readonly approvalsNeeded: number;
  readonly finalDecisionMakerRole: string;
  /** Present (true) when the timeout counts business hours; absent: wall-clock time. */
  readonly businessHours?: true;
  /**
   * With `escalate_to_backup`: how many backups deep the chain goes. Absent on other fallbacks, and
   * on records made before backups formed chains, which asked one backup (read as 1).
   */
  readonly maxBackupHops?: number;
}

export interface ApprovalRoute {
  readonly autoApproved: boolean;
  readonly financial: FinancialRouteMatch;
  readonly customer: CustomerRouteMatch | null;
  /** Highest-ranked first; all must approve unless a consensus quorum says otherwise. */
  readonly requirements: readonly ApprovalRequirement[];
  readonly approval: ApprovalPlan | null;
}

export function routeApproval(input: RouteInput, level: AutonomyLevel, ctx: RoutingContext): ApprovalRoute {
  const financial = routeByFinancialImpact(input.financialImpactUsd, ctx.routing.financial.tiers);
  const customer = routeByCustomerImpact(input.customers, input.customersAffected, ctx.routing.customer);
  if (level === 1) return { autoApproved: true, financial, customer, requirements: [], approval: null };

  const wanted: { role: string; source: RequirementSource; assigneeId: string | null; reason: string }[] = [];
  if (financial.role !== null) {
    wanted.push({ role: financial.role, source: 'financial', assigneeId: null, reason: financial.reason });
  }
  if (customer !== null) wanted.push({ ...customer, source: 'customer' });
  if (wanted.length === 0) {
    const role = ctx.routing.defaultApproverRole;
    const reason =
      `${describeRole(role)} approval: a Level ${level} action always needs a person, ` +
      'and no financial or customer rule names one';
    wanted.push({ role, source: 'default', assigneeId: null, reason });
  }

  const byRole = new Map<string, { sources: RequirementSource[]; assigneeId: string | null; reasons: string[] }>();
  for (const w of wanted) {
    const seen = byRole.get(w.role);
    if (seen === undefined) {
      byRole.set(w.role, { sources: [w.source], assigneeId: w.assigneeId, reasons: [w.reason] });
    } else {
      seen.sources.push(w.source);
      seen.assigneeId ??= w.assigneeId;
      seen.reasons.push(w.reason);
    }
  }

  const requirements = [...byRole].map(([role, r]): ApprovalRequirement => {
    const { eligible, notes } = resolveEligible(role, r.assigneeId, input.initiatedBy, ctx);
    return {
      role,
      rank: ctx.roles.indexOf(role),
      sources: r.sources,
      assigneeId: r.assigneeId,
      eligible: eligible.map((p) => ({ id: p.id, name: p.name })),
      reasons: [...r.reasons, ...notes],
    };
  });
  requirements.sort((a, b) => b.rank - a.rank);

  // Money and customer rules win over the kind asked for: two or more approvals are always a consensus.
  const kind: ApprovalKindName =
    requirements.length > 1 ? 'consensus' : (input.approvalKind ?? ctx.approvals.defaultKind);
  const { timeoutMinutes, fallback, businessHours } = ctx.approvals.kinds[kind];
  const approval: ApprovalPlan = {
    kind,
    timeoutMinutes,
    fallback,
    approvalsNeeded: requiredApprovalCount(kind, requirements.length, ctx.approvals),
    finalDecisionMakerRole: ctx.approvals.finalDecisionMakerRole,
    ...(businessHours === true && { businessHours }),
    ...(fallback === 'escalate_to_backup' && { maxBackupHops: ctx.approvals.maxBackupHops }),
  };
  return { autoApproved: false, financial, customer, requirements, approval };
}

function resolveEligible(
  role: string,
  assigneeId: string | null,
  initiatedBy: string | undefined,
  { roles, directory }: RoutingContext,
): { eligible: readonly Person[]; notes: string[] } {
  const notes: string[] = [];
  let candidates: readonly Person[] = holdersOfRole(directory, role);
  if (assigneeId !== null) {
    const assignee = findPerson(directory, assigneeId);
    if (assignee?.roles.includes(role)) {
      candidates = [assignee];
    } else {
      const name = describeRole(role);
      notes.push(`assigned approver "${assigneeId}" is not a ${name} in the directory, so any ${name} may approve`);
    }
  }
  if (initiatedBy === undefined) return { eligible: candidates, notes };
  const others = candidates.filter((p) => p.id !== initiatedBy);
  if (others.length > 0 || candidates.length === 0) return { eligible: others, notes };
  const backup = backupOf(directory, initiatedBy);
  if (backup !== undefined) {
    notes.push(`${backup.name} approves as backup, because nobody approves an action they initiated`);
    return { eligible: [backup], notes };
  }
  const standIn = nearestOtherRole(role, initiatedBy, roles, directory);
  if (standIn === null) return { eligible: others, notes };
  const initiator = findPerson(directory, initiatedBy)?.name ?? initiatedBy;
  notes.push(
    `the ${describeRole(standIn.role)} approves, because nobody approves an action they initiated ` +
      `and ${initiator} has no backup`,
  );
  return { eligible: standIn.people, notes };
}

/**
 * Who stands in for an initiator who holds `role` alone and has no backup (the top of the
 * organisation): the other holders of the nearest role above it, or, with none above, below it.
 */
function nearestOtherRole(
  role: string,
  initiatedBy: string,
  roles: readonly string[],
  directory: Directory,
): { role: string; people: readonly Person[] } | null {
  const rank = roles.indexOf(role);
  const above = roles.slice(rank + 1);
  const below = roles.slice(0, Math.max(0, rank)).reverse();
  for (const other of [...above, ...below]) {
    const people = holdersOfRole(directory, other).filter((p) => p.id !== initiatedBy);
    if (people.length > 0) return { role: other, people };
  }
  return null;
}

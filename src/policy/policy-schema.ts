/**
 * The one policy document: every threshold, routing tier, approval kind, person and recovery
 * parameter PsiZero acts on. Field-level rules live beside each part's schema; the checks here
 * span parts (roles referenced by routing must exist and be held by someone, backups must be
 * real people and never lead round in a circle, money tiers must rise with authority).
 */
import { z } from 'zod';
import { CronExpressionParser } from 'cron-parser';
import { ApprovalsPolicySchema } from './approval-kinds.ts';
import { BillingPolicySchema } from './billing-recovery.ts';
import { BusinessCalendarSchema, TimeZoneSchema } from './business-hours.ts';
import { AutonomyThresholdsSchema } from './classification.ts';
import { DirectorySchema, backupCycles } from './directory.ts';
import { EscalationPolicySchema } from './escalation.ts';
import type { DeepReadonly } from './primitives.ts';
import { RoleNameSchema } from './primitives.ts';
import { RoutingPolicySchema } from './routing.ts';
import { WorkflowOverridesSchema } from './workflow-classification.ts';

const CronSchema = z.string().refine((cron) => {
  try {
    CronExpressionParser.parse(cron);
    return true;
  } catch {
    return false;
  }
}, 'expected a cron expression such as "0 8 * * *"');

/** The seed's morning briefing: when it goes out, and its `escalationCriteria` (above any, it escalates to the owner). */
const BriefingPolicySchema = z.strictObject({
  /** A cron expression read in an IANA zone: the seed's "0 8 * * *" in America/Los_Angeles. */
  schedule: z.strictObject({ cron: CronSchema, timezone: TimeZoneSchema }),
  escalation: z.strictObject({
    revenueVariancePercentAbove: z.number().min(0),
    customerHealthDropsAbove: z.number().int().min(0),
    systemDowntimeMinutesAbove: z.number().min(0),
    criticalSupportTicketsAbove: z.number().int().min(0),
  }),
});

/** The seed's support `escalation_rules`. */
const SupportPolicySchema = z.strictObject({
  escalation: z.strictObject({
    immediateCategories: z.array(z.string().regex(/^[a-z][a-z0-9_]*$/, 'expected a snake_case category')),
    mediumPriorityNoResolutionHours: z.number().positive(),
    lowPriorityNoResolutionHours: z.number().positive(),
    satisfactionScoreBelow: z.number().min(0),
  }),
});

const PolicyObjectSchema = z.strictObject({
  version: z.literal(1),
  /** Every role, in ascending order of authority; a role's index is its rank. */
  roles: z.array(RoleNameSchema).min(1),
  autonomy: AutonomyThresholdsSchema,
  escalation: EscalationPolicySchema,
  routing: RoutingPolicySchema,
  approvals: ApprovalsPolicySchema,
  /** When the business is open: the clock of approval kinds whose timeout counts business hours. */
  businessCalendar: BusinessCalendarSchema,
  directory: DirectorySchema,
  billing: BillingPolicySchema,
  briefing: BriefingPolicySchema,
  support: SupportPolicySchema,
  /**
   * Per-workflow overrides of what the workflow's code declares (classification, level, triggers,
   * approval kinds). The names are checked against the registered workflows when the app assembles.
   */
  workflows: WorkflowOverridesSchema,
});

type PolicyShape = z.infer<typeof PolicyObjectSchema>;

function checkAcrossParts(p: PolicyShape, ctx: z.RefinementCtx): void {
  const issue = (path: PropertyKey[], message: string): void => ctx.addIssue({ code: 'custom', path, message });
  const rank = (role: string): number => p.roles.indexOf(role);

  p.roles.forEach((role, i) => {
    if (p.roles.indexOf(role) !== i) issue(['roles', i], `"${role}" is listed twice`);
  });

  const routed: { path: PropertyKey[]; role: string }[] = [
    { path: ['routing', 'customer', 'singleCustomerRole'], role: p.routing.customer.singleCustomerRole },
    { path: ['routing', 'customer', 'multipleCustomersRole'], role: p.routing.customer.multipleCustomersRole },
    { path: ['routing', 'customer', 'enterpriseRole'], role: p.routing.customer.enterpriseRole },
    { path: ['routing', 'defaultApproverRole'], role: p.routing.defaultApproverRole },
    { path: ['approvals', 'finalDecisionMakerRole'], role: p.approvals.finalDecisionMakerRole },
  ];
  const tiers = p.routing.financial.tiers;
  tiers.forEach((tier, i) => {
    if (tier.role !== null) routed.push({ path: ['routing', 'financial', 'tiers', i, 'role'], role: tier.role });
  });
  const held = new Set(p.directory.people.flatMap((person) => person.roles));
  for (const { path, role } of routed) {
    if (rank(role) === -1) issue(path, `unknown role "${role}"; add it to roles`);
    else if (!held.has(role)) issue(path, `nobody in directory.people holds the role "${role}"`);
  }

  tiers.forEach((tier, i) => {
    const at = (field: string): PropertyKey[] => ['routing', 'financial', 'tiers', i, field];
    const last = i === tiers.length - 1;
    if (tier.underUsd === null && !last) issue(at('underUsd'), 'only the last tier may be open-ended (null)');
    if (tier.underUsd !== null && last) {
      issue(at('underUsd'), 'the last tier must be open-ended (null) so every amount has an approver');
    }
    const prev = tiers[i - 1];
    if (prev === undefined) return;
    if (prev.underUsd !== null && tier.underUsd !== null && tier.underUsd <= prev.underUsd) {
      issue(at('underUsd'), `tiers must ascend: ${tier.underUsd} is not above the previous tier's ${prev.underUsd}`);
    }
    // More money must never need less authority; auto-approval (null) ranks below every role.
    const prevRank = prev.role === null ? -1 : rank(prev.role);
    const thisRank = tier.role === null ? -1 : rank(tier.role);
    if (thisRank < prevRank) {
      const what = tier.role === null ? 'auto-approval' : `"${tier.role}"`;
      issue(at('role'), `${what} ranks below the previous tier's "${prev.role}"`);
    }
  });

  const ids = new Set<string>();
  // A Slack click decides as the person holding that Slack id, so one id must name one person.
  const slackIds = new Set<string>();
  p.directory.people.forEach((person, i) => {
    const at = (field: string): PropertyKey[] => ['directory', 'people', i, field];
    if (ids.has(person.id)) issue(at('id'), `"${person.id}" is used by more than one person`);
    ids.add(person.id);
    if (person.slackUserId !== undefined) {
      if (slackIds.has(person.slackUserId))
        issue(at('slackUserId'), `"${person.slackUserId}" is used by more than one person`);
      slackIds.add(person.slackUserId);
    }
    person.roles.forEach((role, j) => {
      if (rank(role) === -1) issue(['directory', 'people', i, 'roles', j], `unknown role "${role}"; add it to roles`);
    });
    if (person.backupId === person.id) issue(at('backupId'), 'a person cannot be their own backup');
  });
  p.directory.people.forEach((person, i) => {
    if (person.backupId !== undefined && !ids.has(person.backupId))
      issue(['directory', 'people', i, 'backupId'], `no person with id "${person.backupId}"`);
  });
  // A chain of backups that comes back round would ask the same people again and never end.
  for (const cycle of backupCycles(p.directory.people)) {
    const i = p.directory.people.findIndex((person) => person.id === cycle[0]);
    issue(['directory', 'people', i, 'backupId'], `backups form a cycle: ${cycle.join(' → ')}`);
  }
}

export const PolicySchema = PolicyObjectSchema.superRefine(checkAcrossParts);

/** A validated policy. Loaded policies are deeply frozen, and the type says so. */
export type Policy = DeepReadonly<z.infer<typeof PolicySchema>>;

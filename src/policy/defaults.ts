/**
 * The default policy: the seed's numbers wherever the seed gives one, and a small demo company's
 * directory. Values the seed leaves open are marked "chosen" with the reason.
 */
import type { Policy } from './policy-schema.ts';

export const DEFAULT_POLICY: Policy = deepFreeze({
  version: 1,
  // Chosen: ascending authority, used to order approvers and to keep money tiers rising.
  roles: ['customer_success_manager', 'head_of_customer_success', 'finance_manager', 'cfo', 'ceo', 'owner', 'board'],
  // Seed: Level 1 only under $1,000; Level 3 over $10,000.
  autonomy: { level1BelowUsd: 1000, level3AboveUsd: 10000 },
  escalation: {
    // Chosen: mirrors the autonomy thresholds, so an amount that grows at run time is judged like one classified that high.
    financialImpact: { level2AtOrAboveUsd: 1000, level3AboveUsd: 10000 },
    // Seed: the briefing escalates "customer_health_drops > 5 customers". Chosen: over 50 becomes a Level 3 matter.
    customersAffected: { level2Above: 5, level3Above: 50 },
    // Seed sample: "99.9% uptime, all services green". Chosen: below 99% is an incident, so only recommend.
    systemHealth: { level2Below: 99.9, level3Below: 99 },
    // Seed: high confidence above 85%, low confidence below 60%.
    modelConfidence: { level2Below: 0.85, level3Below: 0.6 },
  },
  routing: {
    // Seed: under_1000 auto, under_5000 finance manager, under_25000 CFO, over_25000 board.
    financial: {
      tiers: [
        { underUsd: 1000, role: null },
        { underUsd: 5000, role: 'finance_manager' },
        { underUsd: 25000, role: 'cfo' },
        { underUsd: null, role: 'board' },
      ],
    },
    // Seed: single customer -> their CSM; several -> head of customer success; enterprise -> CEO.
    customer: {
      singleCustomerRole: 'customer_success_manager',
      multipleCustomersRole: 'head_of_customer_success',
      enterpriseRole: 'ceo',
    },
    // Chosen: the seed escalates unrouted matters to the owner.
    defaultApproverRole: 'owner',
  },
  approvals: {
    // Chosen: "approval within business hours" suits most Level 2 actions.
    defaultKind: 'asynchronous',
    // Chosen: the CEO is the final decision maker the seed's consensus fallback names.
    finalDecisionMakerRole: 'ceo',
    // Chosen: "the backup of the backup", and no further: each hop is another full timeout.
    maxBackupHops: 2,
    // Seed: synchronous 5 minutes then the backup; asynchronous 4 hours "within business hours",
    // then the conservative default; consensus 24 hours then the final decision maker.
    kinds: {
      synchronous: { timeoutMinutes: 5, fallback: 'escalate_to_backup' },
      asynchronous: { timeoutMinutes: 240, fallback: 'proceed_with_conservative_default', businessHours: true },
      consensus: { timeoutMinutes: 1440, fallback: 'escalate_to_final_decision_maker', quorum: 'all' },
    },
  },
  // Chosen: a small company's working week; a company lists its own holidays.
  businessCalendar: {
    timeZone: 'America/Los_Angeles',
    workingDays: ['mon', 'tue', 'wed', 'thu', 'fri'],
    hours: { start: '09:00', end: '17:00' },
    holidays: [],
  },
  directory: {
    people: [
      // The owner heads the company: nobody stands in for her, so chains of backups end with her.
      person('olivia', 'Olivia Owens', ['owner', 'ceo'], null, 'U01OWNER1'),
      person('fiona', 'Fiona Finch', ['finance_manager'], 'carlos', 'U01FINMGR'),
      person('carlos', 'Carlos Chen', ['cfo'], 'olivia', 'U01CFO001'),
      person('bianca', 'Bianca Bauer', ['board'], 'olivia', 'U01BOARD1'),
      person('hana', 'Hana Hughes', ['head_of_customer_success'], 'olivia', 'U01HEADCS'),
      person('sam', 'Sam Singh', ['customer_success_manager'], 'tara', 'U01CSM001'),
      person('tara', 'Tara Torres', ['customer_success_manager'], 'hana', 'U01CSM002'),
    ],
  },
  billing: {
    recovery: {
      softDeclineRetryDays: [1, 3, 7],
      communication: [
        { day: 1, channels: ['email'], template: 'payment_failure_notification', action: 'update_payment_method_link' },
        { day: 3, channels: ['email'], template: 'payment_retry_reminder', action: 'customer_service_contact' },
        { day: 7, channels: ['email', 'sms'], template: 'final_notice', action: 'account_suspension_warning' },
      ],
      gracePeriod: {
        durationDays: 7,
        restrictions: [
          { fromDay: 0, toDay: 3, restriction: 'none' },
          { fromDay: 4, toDay: 6, restriction: 'rate_limited' },
          { fromDay: 7, toDay: null, restriction: 'suspended' },
        ],
      },
      // Seed: hard declines, disputed charges, high-value customers over $1,000 (a month: see
      // docs/billing.md), enterprise customers, three consecutive failures. Chosen: an unpaid
      // invoice over $1,000 too, because the seed's autonomy rule keeps only amounts under $1,000 at Level 1.
      manualEscalation: {
        hardDecline: true,
        disputed: true,
        amountOverUsd: 1000,
        highValueCustomerOverUsd: 1000,
        enterpriseCustomer: true,
        consecutiveFailures: 3,
      },
    },
  },
  briefing: {
    // Seed: "0 8 * * *" in America/Los_Angeles ("8:00 AM PST daily").
    schedule: { cron: '0 8 * * *', timezone: 'America/Los_Angeles' },
    escalation: {
      revenueVariancePercentAbove: 10,
      customerHealthDropsAbove: 5,
      systemDowntimeMinutesAbove: 1,
      criticalSupportTicketsAbove: 0,
    },
  },
  support: {
    escalation: {
      immediateCategories: [
        'security_concerns',
        'data_loss_reports',
        'service_outage_reports',
        'enterprise_customer_issues',
      ],
      mediumPriorityNoResolutionHours: 2,
      lowPriorityNoResolutionHours: 24,
      satisfactionScoreBelow: 3,
    },
  },
  // Each workflow's classification is its code's until the operator's policy file says otherwise.
  workflows: {},
});

function person(id: string, name: string, roles: string[], backupId: string | null, slackUserId: string) {
  return { id, name, roles, ...(backupId !== null && { backupId }), email: `${id}@example.com`, slackUserId };
}

/** Freezes every nested object and array in place and returns the same value. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

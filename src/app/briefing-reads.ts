/**
 * The reads the briefing's sources call, from the domain's daily totals and signals, its targets,
 * the audit log, the approvals and the open follow-ups: one object, so the workflow's deps say in one place what a
 * briefing may read.
 */
import type { ApprovalService } from '../approvals/index.ts';
import type { AuditRepository } from '../audit/index.ts';
import type { FollowUpRepository } from '../briefings/index.ts';
import type { Db } from '../db/index.ts';
import type { DomainQueries } from '../domain/index.ts';
import { BusinessSignals, DailyTotals } from '../domain/metrics/index.ts';
import type { BriefingReads } from '../workflows/briefing/sources/index.ts';

export function briefingReads(deps: {
  db: Db;
  queries: Pick<DomainQueries, 'targets'>;
  audit: Pick<AuditRepository, 'list'>;
  approvals: Pick<ApprovalService, 'list'>;
  followUps: Pick<FollowUpRepository, 'openAt' | 'closedBetween'>;
}): BriefingReads {
  const totals = new DailyTotals(deps.db);
  const signals = new BusinessSignals(deps.db);
  return {
    revenue: (from, asOf) => totals.revenue(from, asOf),
    signups: (from, to) => totals.signups(from, to),
    conversions: (from, asOf) => totals.conversions(from, asOf),
    apiUsage: (from, to) => totals.apiUsage(from, to),
    tickets: (from, asOf) => totals.tickets(from, asOf),
    openTickets: (severity, asOf) => signals.openTickets(severity, asOf),
    newCustomers: (day) => signals.newCustomers(day),
    trialEngagement: (day, asOf) => signals.trialEngagement(day, asOf),
    planUsage: (day, share) => signals.planUsage(day, share),
    completedHealthSamples: (fromMs, asOf) => signals.completedHealthSamples(fromMs, asOf),
    targets: async (from, to, metric) =>
      (await deps.queries.targets(from, to, metric)).map((t) => ({ day: t.day, target: t.target })),
    audit: { list: (filter) => deps.audit.list(filter) },
    approvals: { list: (filter) => deps.approvals.list(filter) },
    followUps: {
      openAt: (asOf) => deps.followUps.openAt(asOf),
      closedBetween: (from, to) => deps.followUps.closedBetween(from, to),
    },
  };
}

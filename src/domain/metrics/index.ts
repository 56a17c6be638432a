/**
 * Business figures read for the morning briefing: daily totals derived from the records, and the
 * customer-level facts a briefing names. Reads only; the briefing workflow reaches them through
 * its sources (src/workflows/briefing/sources).
 */
export { DailyTotals, type DayTickets, type DaySignups, type DayTotal, type DayUsage } from './daily-totals.ts';
export {
  BusinessSignals,
  type CompletedHealthSample,
  type CustomerRef,
  type NewCustomer,
  type OpenTicket,
  type PlanUsage,
  type TrialEngagement,
} from './business-signals.ts';

/**
 * `support_ticket_volume`: tickets opened per day and how many were critical, and the critical
 * tickets still open at the briefing's moment. Tickets are read as they are: severity is whatever
 * was recorded (support triage, a later issue, will set it); a ticket without one is not critical.
 */
import type { DayTickets, OpenTicket } from '../../../domain/metrics/index.ts';
import { dailySeries, ok, type BriefingSource, type DailySeries } from './source.ts';

export interface SupportTicketData {
  created: DailySeries;
  critical: DailySeries;
  /** Critical tickets open at the briefing's moment, oldest first. */
  openCritical: OpenTicket[];
}

export interface SupportTicketReads {
  tickets(from: string, asOf: number): Promise<DayTickets[]>;
  openTickets(severity: string, asOf: number): Promise<OpenTicket[]>;
}

export function supportTicketSource(reads: SupportTicketReads): BriefingSource<SupportTicketData> {
  return {
    name: 'support_ticket_volume',
    title: 'support ticket volume',
    async collect(window) {
      const days = (await reads.tickets(window.from, window.asOf)).filter((d) => d.day <= window.day);
      return ok({
        created: dailySeries(
          window,
          days.map((d) => ({ day: d.day, value: d.created })),
        ),
        critical: dailySeries(
          window,
          days.map((d) => ({ day: d.day, value: d.critical })),
        ),
        openCritical: await reads.openTickets('critical', window.asOf),
      });
    },
  };
}

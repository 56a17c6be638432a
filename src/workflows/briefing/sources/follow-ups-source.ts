/**
 * `follow_ups`: the follow-ups earlier mornings planned that are still open at the briefing's
 * moment, and those closed in the weeks before it, read as of `asOf` (a past morning shows what
 * was open that morning). Each person's plan opens with their open ones; a customer with an open
 * task, or one closed in the last `RECENTLY_CLOSED_DAYS`, is not planned again for that person.
 */
import { DAY_MS } from '../../../domain/dates.ts';
import { ok, type BriefingSource } from './source.ts';

/** How long a follow-up marked done or dismissed keeps the same one from being planned again. */
export const RECENTLY_CLOSED_DAYS = 30;

export interface FollowUpKey {
  personId: string;
  kind: 'follow_up' | 'upgrade';
  customerId: string;
}

export interface OpenFollowUp extends FollowUpKey {
  id: string;
  text: string;
  /** The morning whose plan named it. */
  briefingDate: string;
}

export interface FollowUpsData {
  open: OpenFollowUp[];
  recentlyClosed: FollowUpKey[];
}

export interface FollowUpReads {
  openAt(asOf: number): Promise<OpenFollowUp[]>;
  closedBetween(from: number, to: number): Promise<FollowUpKey[]>;
}

export function followUpsSource(reads: FollowUpReads): BriefingSource<FollowUpsData> {
  return {
    name: 'follow_ups',
    title: 'open follow-ups',
    async collect(window) {
      const open = await reads.openAt(window.asOf);
      const closed = await reads.closedBetween(window.asOf - RECENTLY_CLOSED_DAYS * DAY_MS, window.asOf);
      const key = (f: FollowUpKey): FollowUpKey => ({ personId: f.personId, kind: f.kind, customerId: f.customerId });
      return ok({
        open: open.map((f) => ({ ...key(f), id: f.id, text: f.text, briefingDate: f.briefingDate })),
        recentlyClosed: closed.map(key),
      });
    },
  };
}

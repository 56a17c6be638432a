/**
 * The simulated period and what happens to everyone in it: service outages, card-processor
 * incidents (a day of unusual declines: a revenue dip), the recent incident a history up to now
 * ends with, and the seasonal rhythm of demand.
 */
import { DAY_MS, addDays, dayStartMs, isWeekend } from '../domain/dates.ts';
import { Rng } from './prng.ts';

export interface SimWindow {
  start: string;
  end: string;
  days: number;
  dayNames: readonly string[];
  dayMs: readonly number[];
  weekend: Uint8Array;
  /** Records dated on or after this day index are also published as domain events. */
  eventFrom: number;
  /**
   * The instant history stops: nothing is created, paid or resolved later (the moment PsiZero
   * starts, for the demo). At most the end of the final day; the final day is played up to it.
   */
  until: number;
}

/** `until` defaults to the end of the final day. */
export function makeWindow(end: string, days: number, eventDays: number, until?: number): SimWindow {
  const start = addDays(end, -(days - 1));
  const dayNames = Array.from({ length: days }, (_, i) => addDays(start, i));
  const endOfWindow = dayStartMs(end) + DAY_MS;
  return {
    start,
    end,
    days,
    dayNames,
    dayMs: dayNames.map(dayStartMs),
    weekend: Uint8Array.from(dayNames, (d) => (isWeekend(d) ? 1 : 0)),
    eventFrom: Math.max(0, days - eventDays),
    until: Math.min(until ?? endOfWindow, endOfWindow),
  };
}

/** How much of day `d` lies before the window's `until` (1 for every day but a final day cut short). */
export function dayFraction(window: SimWindow, d: number): number {
  return Math.min(1, Math.max(0, (window.until - window.dayMs[d]!) / DAY_MS));
}

export type Service = 'api' | 'dashboard' | 'webhooks';
export const SERVICES: readonly Service[] = ['api', 'dashboard', 'webhooks'];

export interface Outage {
  day: number;
  service: Service;
  minutes: number;
}

export interface World {
  outages: Outage[];
  /** API downtime in minutes per day (usage and tickets react to it). */
  apiDowntime: Float64Array;
  /** Days when the card processor declines far more than usual. */
  processorIncident: Uint8Array;
  /** Demand multiplier per day (year-end holidays are quiet). */
  season: Float64Array;
}

/** Days back from the final day, and API minutes down: the recent incident every long enough history ends with. */
const RECENT_INCIDENT: readonly (readonly [number, number])[] = [
  [2, 14],
  [1, 6],
];
const RECENT_INCIDENT_MIN_DAYS = 30;

export function makeWorld(seed: string, window: SimWindow): World {
  const rng = Rng.forKey(seed, 'world');
  const outages: Outage[] = [];
  const apiDowntime = new Float64Array(window.days);
  // About one incident every two months; most are short, a few are long.
  const outageCount = Math.max(window.days >= 30 ? 1 : 0, Math.round((window.days / 60) * rng.float(0.7, 1.3)));
  for (let i = 0; i < outageCount; i++) {
    const day = rng.int(0, window.days - 1);
    const service = rng.weighted<Service>([
      ['api', 0.6],
      ['dashboard', 0.25],
      ['webhooks', 0.15],
    ]);
    const minutes = Math.min(480, Math.round(rng.logNormal(25, 0.9)));
    outages.push({ day, service, minutes });
    if (service === 'api') apiDowntime[day] = apiDowntime[day]! + minutes;
  }
  const processorIncident = new Uint8Array(window.days);
  const incidents = Math.round((window.days / 120) * rng.float(0.6, 1.4));
  for (let i = 0; i < incidents; i++) processorIncident[rng.int(0, window.days - 1)] = 1;
  // A rough couple of days just before the end, so a company simulated up to now has something
  // for the morning briefing to escalate: the API down for a few minutes on each of the two days
  // before yesterday and yesterday (a briefing reports one of them, whatever the hour), and the
  // card processor declining far more than usual on both (a revenue dip).
  if (window.days >= RECENT_INCIDENT_MIN_DAYS) {
    for (const [back, minutes] of RECENT_INCIDENT) {
      const day = window.days - 1 - back;
      outages.push({ day, service: 'api', minutes });
      apiDowntime[day] = apiDowntime[day]! + minutes;
      processorIncident[day] = 1;
    }
  }
  outages.sort((a, b) => a.day - b.day || a.service.localeCompare(b.service));
  const season = Float64Array.from(window.dayNames, (day) => {
    const md = day.slice(5);
    if (md >= '12-22' || md <= '01-02') return 0.7;
    if (md >= '07-20' && md <= '08-20') return 0.9;
    return 1;
  });
  return { outages, apiDowntime, processorIncident, season };
}

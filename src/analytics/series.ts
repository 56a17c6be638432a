/** Typed helpers for metric series: timestamps are UTC epoch milliseconds, values plain numbers. */

export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;

const STAMP = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

/** `YYYY-MM-DD HH:MM:SS` (UTC) to epoch milliseconds; NaN when malformed or not a real calendar time. */
export function parseTimestamp(text: string): number {
  const m = STAMP.exec(text);
  if (!m) return NaN;
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return NaN;
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  // Date.UTC rolls 2014-02-30 over into March; a real date survives the round trip.
  if (new Date(ms).getUTCDate() !== d) return NaN;
  return ms;
}

/** Epoch milliseconds to `YYYY-MM-DD HH:MM:SS` (UTC). */
export function formatTimestamp(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

/** The series' sampling interval: the most common positive step between consecutive timestamps. */
export function inferInterval(timestamps: ArrayLike<number>): number | undefined {
  const counts = new Map<number, number>();
  let best: number | undefined;
  let bestCount = 0;
  for (let i = 1; i < timestamps.length; i++) {
    const step = timestamps[i]! - timestamps[i - 1]!;
    if (!(step > 0)) continue;
    const c = (counts.get(step) ?? 0) + 1;
    counts.set(step, c);
    if (c > bestCount || (c === bestCount && step < best!)) {
      best = step;
      bestCount = c;
    }
  }
  return best;
}

import type { LabelledSeries } from './synthetic.ts';
import { LEARNING_DAYS } from './synthetic.ts';

/**
 * Recall of labelled anomalies (an alarm between an anomaly's first day and its `detectBy` day) and
 * false alarms (every other alarm after the learning period), per series-year.
 */
export interface Evaluation {
  series: number;
  seriesYears: number;
  anomalies: number;
  detected: number;
  falseAlarms: number;
  byKind: Record<string, { anomalies: number; detected: number }>;
  bySeriesKind: Record<string, { anomalies: number; detected: number; falseAlarms: number; seriesYears: number }>;
  /** The series without any injected anomaly: every alarm there is false. */
  clean: { series: number; seriesYears: number; falseAlarms: number };
}

export function evaluate(
  series: readonly LabelledSeries[],
  alarmsOf: (s: LabelledSeries) => ArrayLike<number | boolean>,
): Evaluation {
  const e: Evaluation = {
    series: series.length,
    seriesYears: 0,
    anomalies: 0,
    detected: 0,
    falseAlarms: 0,
    byKind: {},
    bySeriesKind: {},
    clean: { series: 0, seriesYears: 0, falseAlarms: 0 },
  };
  for (const s of series) {
    const alarms = alarmsOf(s);
    const covered = new Uint8Array(s.values.length);
    const sk = (e.bySeriesKind[s.kind] ??= { anomalies: 0, detected: 0, falseAlarms: 0, seriesYears: 0 });
    for (const a of s.anomalies) {
      let hit = false;
      for (let d = a.start; d <= a.detectBy; d++) {
        covered[d] = 1;
        if (alarms[d]) hit = true;
      }
      const k = (e.byKind[a.kind] ??= { anomalies: 0, detected: 0 });
      k.anomalies++;
      sk.anomalies++;
      e.anomalies++;
      if (hit) {
        k.detected++;
        sk.detected++;
        e.detected++;
      }
    }
    for (let d = LEARNING_DAYS; d < s.values.length; d++) {
      if (alarms[d] && !covered[d]) {
        e.falseAlarms++;
        sk.falseAlarms++;
      }
    }
    const years = (s.values.length - LEARNING_DAYS) / 365;
    e.seriesYears += years;
    sk.seriesYears += years;
    if (s.anomalies.length === 0) {
      e.clean.series++;
      e.clean.seriesYears += years;
      for (let d = LEARNING_DAYS; d < s.values.length; d++) if (alarms[d]) e.clean.falseAlarms++;
    }
  }
  return e;
}

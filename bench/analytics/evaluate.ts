import { LEARNING_DAYS } from './synthetic.ts';

/** What evaluate reads of a labelled series (daily or sub-daily). */
export interface EvaluatedSeries {
  kind: string;
  values: ArrayLike<number>;
  anomalies: readonly { kind: string; start: number; detectBy: number }[];
}

export interface EvaluateOptions<S extends EvaluatedSeries = EvaluatedSeries> {
  /** Points before which no alarm is counted (the learning period). */
  learningPoints: (s: S) => number;
  /** Points in the period false alarms are counted per (a year of daily points, a month of 5-minute ones). */
  pointsPerPeriod: (s: S) => number;
}

const DAILY: EvaluateOptions = { learningPoints: () => LEARNING_DAYS, pointsPerPeriod: () => 365 };

/**
 * Recall of labelled anomalies (an alarm between an anomaly's first point and its `detectBy` point)
 * and false alarms (every other alarm after the learning period), per series-period (by default
 * daily series, the learning period of LEARNING_DAYS and series-years).
 */
export interface Evaluation {
  series: number;
  /** Series-periods after the learning period (series-years by default). */
  seriesYears: number;
  anomalies: number;
  detected: number;
  falseAlarms: number;
  byKind: Record<string, { anomalies: number; detected: number }>;
  bySeriesKind: Record<string, { anomalies: number; detected: number; falseAlarms: number; seriesYears: number }>;
  /** The series without any injected anomaly: every alarm there is false. */
  clean: { series: number; seriesYears: number; falseAlarms: number };
}

export function evaluate<S extends EvaluatedSeries>(
  series: readonly S[],
  alarmsOf: (s: S) => ArrayLike<number | boolean>,
  options: EvaluateOptions<S> = DAILY,
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
    const learning = options.learningPoints(s);
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
    for (let d = learning; d < s.values.length; d++) {
      if (alarms[d] && !covered[d]) {
        e.falseAlarms++;
        sk.falseAlarms++;
      }
    }
    const years = (s.values.length - learning) / options.pointsPerPeriod(s);
    e.seriesYears += years;
    sk.seriesYears += years;
    if (s.anomalies.length === 0) {
      e.clean.series++;
      e.clean.seriesYears += years;
      for (let d = learning; d < s.values.length; d++) if (alarms[d]) e.clean.falseAlarms++;
    }
  }
  return e;
}

import { normalUpperTail } from '../normal.ts';
import { DAY_MS } from '../series.ts';
import { ContextualSurprise } from './contextual-surprise.ts';
import { Cusum } from './cusum.ts';
import { LevelModel } from './level-model.ts';
import { TailCalibration } from './tail-calibration.ts';

/**
 * PsiZero's streaming anomaly detector. A point's score depends only on it and earlier points.
 *
 * 1. Noise model: a series whose first values are non-negative integers is treated as counts and
 *    read through the Anscombe transform 2·√(x + 3/8), under which Poisson noise has unit variance
 *    (so 3-40 tickets a day are judged by Poisson, not by a normal fitted to a handful of values).
 * 2. Expectation: two robust smoothing models (see LevelModel), a fast local level and a slow level
 *    with a seasonal profile (weekday for daily data, time of day for sub-daily data). The one
 *    fitting better (smaller scale) speaks; where the other fits nearly as well, the smaller
 *    surprise wins: a point is anomalous only if no good explanation expects it.
 * 3. Surprise at several time scales: the standardised residual z, EWMAs of z with weights 0.25
 *    and 0.06, each divided by its own long-run RMS (autocorrelated residuals make a raw EWMA chart
 *    cry wolf), and a CUSUM of z corrected for the same autocorrelation (Cusum). Spikes show in z,
 *    level shifts and ramps in the slower charts and the CUSUM.
 * 4. Anomaly likelihood: the largest of these is turned into this series' own exceedance
 *    probability (TailCalibration). A value beyond everything seen so far (by 5 % of the range) that
 *    the model also finds off (|z| ≥ 3) is surprising whatever the calibration says, the bias human
 *    labellers share; without the |z| condition every new high of a growing business would alarm.
 *    An alarm's own surprise is remembered for about 30 days only (TailCalibration).
 * 5. Score: surprise s = −log10 p mapped to s / (s + s_op), so 0.5 is the operating threshold;
 *    s_op = 3.5 (p ≈ 3e-4) for daily data, raised by 0.4 per decade of points per day for finer
 *    data (4.5 at 5 minutes): the same p per point would mean 288 times the false alarms a day, so
 *    the per-point rate shrinks with the sampling rate (about as its 0.4th power).
 * 6. Incidents: after an alarm, further alarms wait until the series has been calm (|z| < 2 on all
 *    scales) for 30 points or three days, whichever is fewer; meanwhile the score is damped below
 *    the threshold, surprises are kept out of the calibration and the charts' RMS does not learn.
 *    One incident, one alarm.
 */
export interface PointResult {
  /** Anomaly score in [0, 1); at or above the detector's threshold (0.5) is an alarm. */
  score: number;
  alarm: boolean;
  /** What the detector expected, and the band outside which a value would alarm on its own. */
  expected: number;
  lower: number;
  upper: number;
}

export interface DetectorOptions {
  /** Score at and above which a point alarms; 0.5 is the calibrated operating point. */
  threshold?: number;
  /**
   * The noise model: 'auto' (default) reads the first values, counts if they are non-negative
   * integers; 'continuous' for amounts that happen to be whole numbers (revenue in cents), whose
   * noise is not Poisson.
   */
  noise?: 'auto' | 'counts' | 'continuous';
}

export const OPERATING_THRESHOLD = 0.5;

const INTERVAL_SAMPLES = 8;
const LOCAL_RATE = 0.1;
/** The seasonal model's level looks back about two seasonal periods. */
const SEASON_PERIODS = 2;
const SLOT_RATE_PER_PERIOD = 0.1;
const MAX_SLOTS = 288;
/** Another model whose scale is within this factor of the best one may explain a point away. */
const TRUST = 1.5;
const CHART_WEIGHTS = [1, 0.25, 0.06];
const CHART_NORM_RATE = 0.002;
const Z_CAP = 8;
const RANGE_TOLERANCE = 0.05;
const RANGE_SURPRISE = 10;
const RANGE_MIN_Z = 3;
const CALM_Z = 2;
const QUIET_POINTS = 30;
const QUIET_DAYS = 3;
const WARM_POINTS = 20;
const WARM_MAX = 300;
const WARM_DAYS = 14;
/** The operating point: −log10 of the calibrated probability at which a point alarms (p ≈ 3e-4), for daily data. */
const OP_SURPRISE = 3.5;
/** Added to the operating point per decade of points per day above one (chosen on NAB's total and the 'dev' seed). */
const OP_SURPRISE_PER_DECADE = 0.4;
const CUSUM_K = 0.75;
/** Two opinions, two chances of a false alarm: the contextual one pays log10(2) (Bonferroni). */
const CONTEXT_PENALTY = Math.log10(2);

export class AnomalyDetector {
  readonly threshold: number;
  private n = 0;
  private lastTimestamp = NaN;
  private lastValue = NaN;
  private readonly steps: number[] = [];
  private configured = false;
  private counts = true;
  /** Set by the options: the first values do not decide the noise model. */
  private readonly countsFixed: boolean;
  private resolution = Infinity;
  private readonly models: LevelModel[] = [new LevelModel({ kind: 'none' }, LOCAL_RATE)];
  private readonly charts = new Float64Array(CHART_WEIGHTS.length);
  private readonly chartNorms = new Float64Array(CHART_WEIGHTS.length);
  private readonly calibration = new TailCalibration();
  private readonly cusum = new Cusum(CUSUM_K);
  /** Sub-daily data only (see configure). */
  private context: ContextualSurprise | undefined;
  private min = Infinity;
  private max = -Infinity;
  private inIncident = false;
  private calm = 0;
  private quiet = QUIET_POINTS;
  private warm = 30;
  private opSurprise = OP_SURPRISE;
  private bandZ = zForTwoSided(OP_SURPRISE);
  /** The last point's result, kept in fields so that batch runs allocate nothing per point. */
  score = 0;
  alarm = false;
  expected = NaN;
  lower = NaN;
  upper = NaN;

  constructor(options: DetectorOptions = {}) {
    this.threshold = options.threshold ?? OPERATING_THRESHOLD;
    this.counts = options.noise !== 'continuous';
    this.countsFixed = options.noise === 'counts' || options.noise === 'continuous';
  }

  update(timestamp: number, value: number): PointResult {
    this.step(timestamp, value);
    return { score: this.score, alarm: this.alarm, expected: this.expected, lower: this.lower, upper: this.upper };
  }

  /** Like `update`, but leaves the result in the detector's fields. */
  step(timestamp: number, x: number): void {
    this.n++;
    this.observeShape(timestamp, x);
    const y = this.counts ? anscombe(x) : x;
    const floor = this.counts ? 1 : Number.isFinite(this.resolution) ? Math.max(this.resolution / 2, 1e-12) : 1e-12;
    let best: LevelModel | undefined;
    let bestSigma = Infinity;
    for (const m of this.models) {
      m.predict(timestamp);
      const sigma = Math.max(m.scale, floor);
      if (m.ready && sigma < bestSigma) {
        bestSigma = sigma;
        best = m;
      }
    }
    if (!best) {
      for (const m of this.models) m.learn(y);
      this.score = 0;
      this.alarm = false;
      this.expected = this.lower = this.upper = x;
      return;
    }
    let z = (y - best.prediction) / bestSigma;
    for (const m of this.models) {
      const sigma = Math.max(m.scale, floor);
      if (m === best || sigma > bestSigma * TRUST) continue;
      const zm = (y - m.prediction) / sigma;
      if (Math.abs(zm) < Math.abs(z)) z = zm;
    }
    const surpriseZ = this.chartSurprise(z);
    const warmedUp = this.n > this.warm;
    let surprise = -Math.log10(Math.max(this.calibration.probability(surpriseZ), 1e-300));
    const recordable = warmedUp && !this.inIncident;
    if (this.context) surprise = Math.max(surprise, this.context.surprise(y, recordable) - CONTEXT_PENALTY);
    const tolerance = (this.max - this.min) * RANGE_TOLERANCE;
    if (Math.abs(z) >= RANGE_MIN_Z && this.max > this.min && (x > this.max + tolerance || x < this.min - tolerance))
      surprise = Math.max(surprise, RANGE_SURPRISE);
    this.min = Math.min(this.min, x);
    this.max = Math.max(this.max, x);

    let score = warmedUp ? surprise / (surprise + this.opSurprise) : 0;
    if (this.inIncident) {
      this.calm = surpriseZ < CALM_Z ? this.calm + 1 : 0;
      if (this.calm >= this.quiet) this.inIncident = false;
      score *= this.threshold * 0.999;
    }
    this.alarm = score >= this.threshold;
    // recorded after the decision: an alarm's surprise is remembered apart, and not for long
    if (recordable) {
      this.calibration.record(surpriseZ, this.alarm);
      this.context?.record(this.alarm);
    }
    if (this.alarm) {
      this.inIncident = true;
      this.calm = 0;
      this.cusum.reset();
    }
    this.score = score;
    for (const m of this.models) m.learn(y);
    const pred = best.prediction;
    const inverse = this.counts ? inverseAnscombe : identity;
    this.expected = inverse(pred);
    this.lower = inverse(pred - this.bandZ * bestSigma);
    this.upper = inverse(pred + this.bandZ * bestSigma);
  }

  /**
   * |z|, the normalised multi-scale EWMA charts of z and the CUSUM: the largest standardised
   * surprise. The charts' long-run RMS does not learn during an incident (an anomaly's own
   * excursion would otherwise widen the yardstick for the next one); the slowest chart's RMS, against
   * its value for independent residuals, is the variance inflation the CUSUM corrects for.
   */
  private chartSurprise(z: number): number {
    const zc = Math.max(-Z_CAP, Math.min(Z_CAP, z));
    let largest = Math.abs(z);
    const normRate = this.n < 1 / CHART_NORM_RATE ? 1 / this.n : CHART_NORM_RATE;
    for (let j = 0; j < CHART_WEIGHTS.length; j++) {
      const w = CHART_WEIGHTS[j]!;
      const m = (this.charts[j] = (1 - w) * this.charts[j]! + w * zc);
      const norm = Math.max(Math.sqrt(this.chartNorms[j]!), Math.sqrt(w / (2 - w)));
      largest = Math.max(largest, Math.abs(m) / norm);
      if (!this.inIncident)
        this.chartNorms[j] = this.chartNorms[j]! + normRate * (Math.min(m * m, 16 * norm * norm) - this.chartNorms[j]!);
    }
    const slow = CHART_WEIGHTS[CHART_WEIGHTS.length - 1]!;
    const inflation = this.chartNorms[CHART_WEIGHTS.length - 1]! / (slow / (2 - slow));
    return Math.max(largest, this.cusum.update(z, inflation));
  }

  /** The first steps decide the interval (hence seasonality and time constants) and the noise model. */
  private observeShape(timestamp: number, x: number): void {
    if (!this.configured) {
      if (timestamp > this.lastTimestamp) this.steps.push(timestamp - this.lastTimestamp);
      if (this.counts && !this.countsFixed && !(x >= 0 && Number.isInteger(x))) this.counts = false;
      if (this.steps.length >= INTERVAL_SAMPLES) this.configure();
    }
    if (!Number.isNaN(this.lastValue) && x !== this.lastValue)
      this.resolution = Math.min(this.resolution, Math.abs(x - this.lastValue));
    this.lastTimestamp = timestamp;
    this.lastValue = x;
  }

  private configure(): void {
    this.configured = true;
    const sorted = [...this.steps].sort((a, b) => a - b);
    const interval = sorted[sorted.length >> 1]!;
    const perDay = DAY_MS / interval;
    this.warm = Math.max(WARM_POINTS, Math.min(WARM_MAX, Math.round(WARM_DAYS * perDay)));
    this.quiet = Math.max(2, Math.min(QUIET_POINTS, Math.round(QUIET_DAYS * perDay)));
    this.calibration.setPointsPerDay(perDay);
    this.opSurprise = operatingSurprise(perDay);
    this.bandZ = zForTwoSided(this.opSurprise);
    let seasonal: LevelModel | undefined;
    if (interval >= DAY_MS && interval < 7 * DAY_MS) {
      seasonal = new LevelModel({ kind: 'weekday' }, 1 / (7 * SEASON_PERIODS), SLOT_RATE_PER_PERIOD);
    } else if (interval < DAY_MS) {
      const slots = Math.min(MAX_SLOTS, Math.round(perDay));
      const visitsPerDay = perDay / slots;
      const slotRate = 1 - Math.pow(1 - SLOT_RATE_PER_PERIOD, 1 / visitsPerDay);
      seasonal = new LevelModel({ kind: 'time_of_day', slots }, 1 / (perDay * SEASON_PERIODS), slotRate);
      seasonal.adopt(this.models[0]!);
      this.context = new ContextualSurprise(this.warm, perDay);
    }
    if (seasonal) this.models.push(seasonal);
  }
}

/** The surprise −log10 p at which a point of a series with this many points a day alarms. */
export function operatingSurprise(pointsPerDay: number): number {
  return OP_SURPRISE + OP_SURPRISE_PER_DECADE * Math.log10(Math.max(1, pointsPerDay));
}

function anscombe(x: number): number {
  return 2 * Math.sqrt(Math.max(x, 0) + 0.375);
}

function inverseAnscombe(y: number): number {
  const h = Math.max(y, 0) / 2;
  return Math.max(0, h * h - 0.375);
}

function identity(y: number): number {
  return y;
}

/** The z whose two-sided normal tail is 10^−surprise (bisection; called once per series). */
function zForTwoSided(surprise: number): number {
  const target = Math.pow(10, -surprise);
  let lo = 0;
  let hi = 40;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (2 * normalUpperTail(mid) > target) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

export interface DetectionResult {
  scores: Float64Array;
  alarms: Uint8Array;
  expected: Float64Array;
  lower: Float64Array;
  upper: Float64Array;
}

/** Runs a fresh detector over a whole series. */
export function detectSeries(
  timestamps: ArrayLike<number>,
  values: ArrayLike<number>,
  options: DetectorOptions = {},
): DetectionResult {
  const d = new AnomalyDetector(options);
  const n = values.length;
  const out: DetectionResult = {
    scores: new Float64Array(n),
    alarms: new Uint8Array(n),
    expected: new Float64Array(n),
    lower: new Float64Array(n),
    upper: new Float64Array(n),
  };
  for (let i = 0; i < n; i++) {
    d.step(timestamps[i]!, values[i]!);
    out.scores[i] = d.score;
    out.alarms[i] = d.alarm ? 1 : 0;
    out.expected[i] = d.expected;
    out.lower[i] = d.lower;
    out.upper[i] = d.upper;
  }
  return out;
}

import { normalUpperTail } from '../normal.ts';

/**
 * The anomaly-likelihood step: how rare is a surprise of size `z` for THIS series? A histogram of
 * past surprises (bins of 0.25, exponentially forgotten over ~500 points) gives the empirical
 * exceedance; a Gaussian prior worth 50 points extrapolates beyond what was seen and rules while
 * history is short. A series whose residuals are heavy-tailed (bursty tweet counts) thereby needs
 * a larger deviation to alarm than a calm one, which a single corpus-wide threshold needs.
 *
 * The surprise of a point that alarmed is kept apart and forgotten within a few seasonal cycles
 * (never slower than the ordinary memory): about 30 days for daily data (weekly season), about 3
 * days for sub-daily data (daily season). Bursts that recur within hours (5-minute data, whose
 * ordinary memory of 500 points is shorter still) teach the detector that they are this series'
 * nature, but one outage of a daily series does not leave it deaf to the next for a year and a half
 * (500 days), nor one incident of an hourly series to the next for three weeks (500 hours).
 */
const BINS_PER_Z = 4;
const BINS = 64;
const PRIOR = 50;
const FORGET = 0.002;
const ALARM_MEMORY_DAYS = 30;
/** Sub-daily data: a few daily cycles (chosen between 1 and 10 days on NAB's total and the 'dev' seed). */
const SUB_DAILY_ALARM_MEMORY_DAYS = 3;

/** Exponentially forgotten counts per bin; growing the new point's weight instead of decaying all bins keeps this O(1). */
class DecayingHistogram {
  private readonly hist = new Float64Array(BINS);
  private total = 0;
  private weight = 1;

  constructor(public forget: number) {}

  /** Effective count (the newest record counts 1) at and above `bin`. */
  above(bin: number): number {
    let sum = 0;
    for (let b = bin; b < BINS; b++) sum += this.hist[b]!;
    return sum / this.weight;
  }

  count(): number {
    return this.total / this.weight;
  }

  tick(): void {
    this.weight /= 1 - this.forget;
    if (this.weight > 1e100) {
      for (let b = 0; b < BINS; b++) this.hist[b] = this.hist[b]! / this.weight;
      this.total /= this.weight;
      this.weight = 1;
    }
  }

  add(bin: number): void {
    this.hist[bin] = this.hist[bin]! + this.weight;
    this.total += this.weight;
  }
}

export class TailCalibration {
  private readonly ordinary = new DecayingHistogram(FORGET);
  private readonly alarms = new DecayingHistogram(FORGET);

  /** The sampling rate sets how many points the alarms' memory (30 days, sub-daily data 3 days) spans. */
  setPointsPerDay(perDay: number): void {
    const days = perDay > 1 ? SUB_DAILY_ALARM_MEMORY_DAYS : ALARM_MEMORY_DAYS;
    this.alarms.forget = Math.max(FORGET, 1 / (days * perDay));
  }

  /** Two-sided exceedance probability of |z| against this series' history. */
  probability(z: number): number {
    const bin = binOf(z);
    const above = this.ordinary.above(bin) + this.alarms.above(bin);
    return (above + PRIOR * 2 * normalUpperTail(z)) / (this.ordinary.count() + this.alarms.count() + PRIOR);
  }

  /** Records one point's surprise; `alarm` when that point raised an alarm. */
  record(z: number, alarm: boolean): void {
    this.ordinary.tick();
    this.alarms.tick();
    (alarm ? this.alarms : this.ordinary).add(binOf(z));
  }
}

function binOf(z: number): number {
  return Math.min(BINS - 1, Math.floor(z * BINS_PER_Z));
}

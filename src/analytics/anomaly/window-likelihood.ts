/**
 * HTM's short- versus long-window anomaly likelihood, in our own words: the mean of the last few
 * raw anomaly scores (each in [0, 1]) is compared with the long-run distribution of that same
 * short mean (its exponentially weighted mean and variance over `longPoints`). A run of moderately
 * surprising points, none alarming alone, stands out against a series whose raw scores are usually
 * low; a series whose raw scores are always high (noisy, unpredictable) is not alarming for them.
 * Returned as the one-sided z of the short mean, so it compares with the detector's other charts.
 * The long-run mean and spread have floors (0.03 and 0.0173, as HTM's) so that the slightest blip
 * after a perfectly predictable stretch is not a 100-sigma event, and there is no verdict before
 * the long run has 100 points.
 */
const MEAN_FLOOR = 0.03;
const STD_FLOOR = 0.0173;
/** Like HTM's estimation samples: no verdict before the long run has this many points. */
const ESTIMATION_POINTS = 100;

export class WindowLikelihood {
  private readonly ring: Float64Array;
  private head = 0;
  private filled = 0;
  private sum = 0;
  private mean = 0;
  private variance = 0;
  private n = 0;
  private readonly rate: number;

  constructor(shortPoints: number, longPoints: number) {
    this.ring = new Float64Array(shortPoints);
    this.rate = 1 / longPoints;
  }

  /** Adds one raw score; `learn` false keeps it out of the long-run distribution (during an incident). */
  update(raw: number, learn = true): number {
    this.sum += raw - this.ring[this.head]!;
    this.ring[this.head] = raw;
    this.head = (this.head + 1) % this.ring.length;
    if (this.filled < this.ring.length) this.filled++;
    const short = this.sum / this.filled;
    const std = Math.max(Math.sqrt(this.variance), STD_FLOOR);
    const z = this.n >= ESTIMATION_POINTS ? (short - Math.max(this.mean, MEAN_FLOOR)) / std : 0;
    if (learn) {
      this.n++;
      const r = this.n < 1 / this.rate ? 1 / this.n : this.rate;
      const d = short - this.mean;
      this.mean += r * d;
      this.variance += r * ((1 - r) * d * d - this.variance);
    }
    return Math.max(0, z);
  }
}

import { normalUpperTail } from '../normal.ts';

/**
 * The anomaly-likelihood step: how rare is a surprise of size `z` for THIS series? A histogram of
 * past surprises (bins of 0.25, exponentially forgotten over ~500 points) gives the empirical
 * exceedance; a Gaussian prior worth 50 points extrapolates beyond what was seen and rules while
 * history is short. A series whose residuals are heavy-tailed (bursty tweet counts) thereby needs
 * a larger deviation to alarm than a calm one, which a single corpus-wide threshold needs.
 */
const BINS_PER_Z = 4;
const BINS = 64;
const PRIOR = 50;
const FORGET = 0.002;

export class TailCalibration {
  private readonly hist = new Float64Array(BINS);
  private total = 0;
  private weight = 1;

  /** Two-sided exceedance probability of |z| against this series' history. */
  probability(z: number): number {
    const bin = Math.min(BINS - 1, Math.floor(z * BINS_PER_Z));
    let above = 0;
    for (let b = bin; b < BINS; b++) above += this.hist[b]!;
    return (above + PRIOR * 2 * normalUpperTail(z)) / (this.total + PRIOR);
  }

  record(z: number): void {
    const bin = Math.min(BINS - 1, Math.floor(z * BINS_PER_Z));
    // Growing the new point's weight instead of decaying all bins keeps this O(1).
    this.weight /= 1 - FORGET;
    this.hist[bin] = this.hist[bin]! + this.weight;
    this.total += this.weight;
    if (this.weight > 1e100) {
      for (let b = 0; b < BINS; b++) this.hist[b] = this.hist[b]! / this.weight;
      this.total /= this.weight;
      this.weight = 1;
    }
  }
}

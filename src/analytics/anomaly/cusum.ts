/**
 * A two-sided CUSUM of standardised residuals, for slow changes (level shifts, ramps) that the
 * adapting level models absorb before any single residual or EWMA is sure of them. Each residual
 * is capped (one wild point must not look like a shift) and divided by the residuals' long-run
 * standard deviation (autocorrelated residuals would otherwise drift the sums up). With reference
 * value k, a CUSUM of unit-variance noise exceeds h with probability about e^(−2kh); the sum is
 * reported as the normal z with the same tail, sqrt(4kh), so it can be compared with the others.
 */
const CAP = 4;

export class Cusum {
  private up = 0;
  private down = 0;

  constructor(
    /** Reference value: half the shift, in long-run standard deviations, the chart is tuned to. */
    private readonly k: number,
  ) {}

  /** Adds one residual `z` (in scales), given the variance inflation of its running mean; returns the z-equivalent. */
  update(z: number, varianceInflation: number): number {
    const zc = Math.max(-CAP, Math.min(CAP, z)) / Math.sqrt(Math.max(1, varianceInflation));
    this.up = Math.max(0, this.up + zc - this.k);
    this.down = Math.max(0, this.down - zc - this.k);
    return 2 * Math.sqrt(this.k * Math.max(this.up, this.down));
  }

  /** Starts afresh: after an alarm, the change it found is not evidence for the next one. */
  reset(): void {
    this.up = this.down = 0;
  }
}

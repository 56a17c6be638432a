import { DAY_MS } from '../series.ts';

/**
 * A robust exponential-smoothing model of one series (in the detector's transformed space):
 * a level, optionally a seasonal profile, and an outlier-resistant scale.
 * - Updates are Huberised: a residual counts at most `CLIP` scales, so one wild point barely moves
 *   the model, while a lasting change still pulls it over (the level-shift adaptation).
 * - The scale is a smoothed absolute residual (×1.25 ≈ σ for normal noise), capped the same way.
 * - Daily data get a weekday profile (7 slots); sub-daily data a time-of-day profile of up to 288
 *   slots with linear interpolation between slot centres, so gaps and irregular steps need no grid.
 * Each slot learns at 1/visits at first (its first visit sets it), then at a floor rate.
 */
const CLIP = 3;
const SCALE_RATE = 0.02;

export type Seasonality = { kind: 'none' } | { kind: 'weekday' } | { kind: 'time_of_day'; slots: number };

export class LevelModel {
  level = NaN;
  scale = 0;
  /** The last prediction made by `predict`. */
  prediction = 0;
  private n = 0;
  private readonly slots: number;
  private readonly slotMs: number;
  private readonly season: Float64Array;
  private readonly visits: Float64Array;
  private slotA = 0;
  private slotB = 0;
  private weightB = 0;

  constructor(
    private readonly seasonality: Seasonality,
    /** Level smoothing rate once warmed up. */
    private readonly levelRate: number,
    /** Per-visit floor rate of a seasonal slot. */
    private readonly slotRate = 0,
  ) {
    this.slots = seasonality.kind === 'weekday' ? 7 : seasonality.kind === 'time_of_day' ? seasonality.slots : 0;
    this.slotMs = this.slots > 0 ? DAY_MS / this.slots : 0;
    this.season = new Float64Array(this.slots);
    this.visits = new Float64Array(this.slots);
  }

  /** Starts from another model's level and scale rather than from nothing. */
  adopt(other: LevelModel): void {
    this.level = other.level;
    this.scale = other.scale;
    this.n = other.n;
  }

  get ready(): boolean {
    return !Number.isNaN(this.level);
  }

  predict(timestamp: number): number {
    let s = 0;
    if (this.slots > 0) {
      if (this.seasonality.kind === 'weekday') {
        this.slotA = this.slotB = new Date(timestamp).getUTCDay();
        this.weightB = 0;
      } else {
        const pos = (timestamp % DAY_MS) / this.slotMs - 0.5;
        const f = Math.floor(pos);
        this.weightB = pos - f;
        this.slotA = (f + this.slots) % this.slots;
        this.slotB = (this.slotA + 1) % this.slots;
      }
      s = (1 - this.weightB) * this.season[this.slotA]! + this.weightB * this.season[this.slotB]!;
    }
    return (this.prediction = this.level + s);
  }

  /** Learns from `y` after `predict` was called for its timestamp. */
  learn(y: number): void {
    this.n++;
    if (Number.isNaN(this.level)) {
      this.level = y;
      return;
    }
    const r = y - this.prediction;
    const sigma = this.scale;
    const psi = sigma > 0 && this.n > 10 ? Math.max(-CLIP * sigma, Math.min(CLIP * sigma, r)) : r;
    const rate = this.n < 1 / this.levelRate ? 1 / this.n : this.levelRate;
    if (this.slots > 0) {
      const a = this.slotA;
      const b = this.slotB;
      const w = this.weightB;
      const va = (this.visits[a] = this.visits[a]! + (1 - w));
      const vb = (this.visits[b] = this.visits[b]! + w);
      const ga = Math.max(this.slotRate, 1 / Math.max(va, 1)) * (1 - w);
      const gb = Math.max(this.slotRate, 1 / Math.max(vb, 1)) * w;
      this.season[a] = this.season[a]! + ga * psi;
      if (w > 0) this.season[b] = this.season[b]! + gb * psi;
      // what the profile took up, the level does not take again
      this.level += rate * (1 - Math.min(1, ga + gb)) * psi;
    } else this.level += rate * psi;
    const sr = this.n < 1 / SCALE_RATE ? 1 / this.n : SCALE_RATE;
    const ar = sigma > 0 ? Math.min(Math.abs(r), CLIP * sigma) : Math.abs(r);
    this.scale += sr * (1.25 * ar - this.scale);
  }
}

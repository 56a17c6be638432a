import { ContextNovelty } from './context-novelty.ts';
import { TailCalibration } from './tail-calibration.ts';
import { WindowLikelihood } from './window-likelihood.ts';

/**
 * The detector's second, contextual opinion: how novel are the recent sequences of values
 * (ContextNovelty), is the last few points' novelty unusual against its long run (WindowLikelihood,
 * HTM's short- versus long-window likelihood), and how rare is that for this series
 * (TailCalibration). Returned as a surprise −log10 p, comparable with the model-based one.
 * Eight levels, contexts of up to five values, a short window of ten points and a long one of
 * about 3,000 were chosen on NAB's total; the score plateaus from 3,000 to 20,000.
 */
const LEVELS = 8;
const ORDER = 5;
const SHORT_POINTS = 10;
const LONG_POINTS = 3000;

export class ContextualSurprise {
  private readonly novelty: ContextNovelty;
  private readonly likelihood = new WindowLikelihood(SHORT_POINTS, LONG_POINTS);
  private readonly calibration = new TailCalibration();
  private z = 0;

  constructor(learnPoints: number, pointsPerDay: number) {
    this.novelty = new ContextNovelty(LEVELS, ORDER, learnPoints);
    this.calibration.setPointsPerDay(pointsPerDay);
  }

  /** Scores one value; `learn` false (learning period, incident) keeps it out of the long run. */
  surprise(y: number, learn: boolean): number {
    this.z = this.likelihood.update(this.novelty.update(y), learn);
    // no more novelty than usual is no surprise; skipping the tail sum keeps the detector fast
    return this.z === 0 ? 0 : -Math.log10(Math.max(this.calibration.probability(this.z), 1e-300));
  }

  /** Records the last scored point in the calibration; `alarm` when the detector alarmed on it. */
  record(alarm: boolean): void {
    this.calibration.record(this.z, alarm);
  }
}

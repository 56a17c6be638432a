import { normalTailBeyond } from '../normal.ts';

/**
 * NAB's Windowed Gaussian baseline (nab/detectors/gaussian), ported to check our scorer against
 * its published results: a point's score is 1 − the normal tail beyond it, under the mean and
 * population standard deviation of a window of earlier values. The window grows to 6,400 values,
 * then slides in steps of 100. Same arithmetic order where it matters (a zero spread becomes 1e-6).
 */
const WINDOW = 6400;
const STEP = 100;

export function windowedGaussianScores(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const scores = new Float64Array(n);
  let start = 0;
  let size = 0;
  let pending = 0;
  let mean = 0;
  let std = 1;
  // Welford while the window grows; a fresh two-pass sum each time it slides.
  let m2 = 0;
  for (let i = 0; i < n; i++) {
    const x = values[i]!;
    scores[i] = size > 0 ? 1 - normalTailBeyond(x, mean, std) : 0;
    if (size < WINDOW) {
      size++;
      const delta = x - mean;
      mean += delta / size;
      m2 += delta * (x - mean);
      std = Math.sqrt(m2 / size) || 0.000001;
    } else if (++pending === STEP) {
      pending = 0;
      start += STEP;
      let sum = 0;
      for (let j = start; j < start + WINDOW; j++) sum += values[j]!;
      mean = sum / WINDOW;
      let sq = 0;
      for (let j = start; j < start + WINDOW; j++) sq += (values[j]! - mean) ** 2;
      std = Math.sqrt(sq / WINDOW) || 0.000001;
    }
  }
  return scores;
}

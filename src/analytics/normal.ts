/**
 * The normal distribution's tail, accurate to a few ulps across the whole range: NAB's baseline
 * thresholds its scores at exactly 1.0, so whether `1 - tail` rounds to 1 must match Python's erfc
 * for tails near 1e-16, and the anomaly likelihood reads tails far smaller than that.
 */

const TWO_OVER_SQRT_PI = 1.1283791670955126;
const ONE_OVER_SQRT_PI = 0.5641895835477563;

/** Complementary error function. */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x < 0) return 2 - erfc(-x);
  if (x < 2.5) return 1 - erfSeries(x);
  if (x > 27.3) return 0;
  return erfcContinuedFraction(x);
}

/** erf(x) = 2/√π · e^(-x²) · Σ 2ⁿ x^(2n+1) / (2n+1)!!: every term positive, so no cancellation. */
function erfSeries(x: number): number {
  const x2 = x * x;
  let term = x;
  let sum = x;
  for (let n = 1; n < 200; n++) {
    term *= (2 * x2) / (2 * n + 1);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
}

/** erfc(x) = e^(-x²)/√π · 1/(x + ½/(x + 1/(x + (3/2)/(x + …)))), evaluated by modified Lentz. */
function erfcContinuedFraction(x: number): number {
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let n = 1; n < 500; n++) {
    const a = n / 2;
    d = x + a * d;
    if (d === 0) d = tiny;
    c = x + a / c;
    if (c === 0) c = tiny;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return (ONE_OVER_SQRT_PI * Math.exp(-x * x)) / f;
}

/** P(Z > z) for a standard normal Z. */
export function normalUpperTail(z: number): number {
  return 0.5 * erfc(z / Math.SQRT2);
}

/** P(|Z| > |z|) folded to one side, as NAB's Q-function does: the tail beyond the mirrored value. */
export function normalTailBeyond(x: number, mean: number, std: number): number {
  return normalUpperTail(Math.abs(x - mean) / std);
}

import { normalUpperTail } from './normal.ts';

/**
 * Trend direction and strength over the last 7 and 28 points of a daily metric: the Theil-Sen
 * slope (median of pairwise slopes: a single outlier cannot tilt it) and the Mann-Kendall test of
 * whether the ordering is distinguishable from noise (exact for short series without ties, normal
 * approximation with the tie-corrected variance otherwise).
 */
export interface TrendResult {
  /** Points used (finite values in the window). */
  n: number;
  /** Theil-Sen slope in units per step (per day for daily data). */
  slope: number;
  intercept: number;
  /** The slope as a share of the window's median level per step; null when that median is 0. */
  relativeSlope: number | null;
  /** Kendall's tau (S over the number of pairs), −1 to 1: how consistently the series moves. */
  tau: number;
  pValue: number;
  /** Whether the trend is distinguishable from noise at the chosen level. */
  significant: boolean;
  direction: 'up' | 'down' | 'flat';
}

export interface MannKendall {
  s: number;
  variance: number;
  z: number;
  pValue: number;
  tau: number;
}

export function theilSen(xs: ArrayLike<number>, ys: ArrayLike<number>): { slope: number; intercept: number } {
  const slopes: number[] = [];
  for (let i = 0; i < xs.length; i++)
    for (let j = i + 1; j < xs.length; j++) if (xs[j] !== xs[i]) slopes.push((ys[j]! - ys[i]!) / (xs[j]! - xs[i]!));
  const slope = slopes.length > 0 ? median(slopes) : 0;
  const residuals = Array.from({ length: xs.length }, (_, i) => ys[i]! - slope * xs[i]!);
  return { slope, intercept: residuals.length > 0 ? median(residuals) : NaN };
}

export function mannKendall(ys: ArrayLike<number>): MannKendall {
  const n = ys.length;
  let s = 0;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) s += Math.sign(ys[j]! - ys[i]!);
  const ties = new Map<number, number>();
  for (let i = 0; i < n; i++) ties.set(ys[i]!, (ties.get(ys[i]!) ?? 0) + 1);
  let tieTerm = 0;
  for (const t of ties.values()) tieTerm += t * (t - 1) * (2 * t + 5);
  const variance = (n * (n - 1) * (2 * n + 5) - tieTerm) / 18;
  const pairs = (n * (n - 1)) / 2;
  const z = variance > 0 ? (s - Math.sign(s)) / Math.sqrt(variance) : 0;
  let pValue: number;
  if (variance === 0) pValue = 1;
  else if (ties.size === n && n <= EXACT_MAX) pValue = exactTwoSided(n, s);
  else pValue = Math.min(1, 2 * normalUpperTail(Math.abs(z)));
  return { s, variance, z, pValue, tau: pairs > 0 ? s / pairs : 0 };
}

const EXACT_MAX = 12;

/** P(|S| ≥ |s|) under no trend, from the number of permutations with each count of inversions. */
function exactTwoSided(n: number, s: number): number {
  let counts = [1];
  for (let k = 2; k <= n; k++) {
    const next = new Array<number>(counts.length + k - 1).fill(0);
    for (let i = 0; i < counts.length; i++) for (let j = 0; j < k; j++) next[i + j]! += counts[i]!;
    counts = next;
  }
  const pairs = (n * (n - 1)) / 2;
  let total = 0;
  let extreme = 0;
  for (let inv = 0; inv < counts.length; inv++) {
    total += counts[inv]!;
    if (Math.abs(pairs - 2 * inv) >= Math.abs(s)) extreme += counts[inv]!;
  }
  return extreme / total;
}

/** Trend over the last `window` points of `values` (non-finite values are skipped, positions kept). */
export function trend(values: ArrayLike<number>, window: number, alpha = 0.05): TrendResult {
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = Math.max(0, values.length - window); i < values.length; i++) {
    if (Number.isFinite(values[i])) {
      xs.push(i);
      ys.push(values[i]!);
    }
  }
  if (ys.length < 3) {
    return {
      n: ys.length,
      slope: 0,
      intercept: NaN,
      relativeSlope: null,
      tau: 0,
      pValue: 1,
      significant: false,
      direction: 'flat',
    };
  }
  const { slope, intercept } = theilSen(xs, ys);
  const mk = mannKendall(ys);
  const level = median(ys);
  const significant = mk.pValue < alpha && slope !== 0;
  return {
    n: ys.length,
    slope,
    intercept,
    relativeSlope: level === 0 ? null : slope / Math.abs(level),
    tau: mk.tau,
    pValue: mk.pValue,
    significant,
    direction: significant ? (slope > 0 ? 'up' : 'down') : 'flat',
  };
}

/** The two trends the briefing reads: the last week and the last four weeks. */
export function dailyTrends(values: ArrayLike<number>, alpha = 0.05): { week: TrendResult; month: TrendResult } {
  return { week: trend(values, 7, alpha), month: trend(values, 28, alpha) };
}

/** The middle value (the mean of the two middle ones for an even count); NaN for none. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/**
 * NAB's scoring, reimplemented from its definition (numenta/NAB nab/sweeper.py, optimizer.py,
 * scorer.py, runner.py at ea702d7):
 * - the first 15 % of each file (at most 750 rows) is probationary and never scored;
 * - a detection inside an anomaly window earns the scaled sigmoid of its position (only the best
 *   detection per window counts, weighted by tpWeight); a window without one costs fnWeight;
 * - a detection outside every window costs fpWeight times the sigmoid of its distance past the
 *   preceding window (a full -1 when no window precedes it);
 * - one threshold per profile for the whole corpus, chosen to maximise the summed raw score
 *   (ties go to the higher threshold, as NAB's stable sort does);
 * - normalised as 100 · (raw − null) / (perfect − null), perfect being one full reward per window.
 */

export interface CostMatrix {
  tpWeight: number;
  fpWeight: number;
  fnWeight: number;
}

export interface Profile {
  name: string;
  cost: CostMatrix;
}

/** One file's ground truth: its timestamps (as NAB's text) and anomaly windows as row indices. */
export interface LabelledFile {
  name: string;
  rows: number;
  /** [first row, last row] of each window, both inside the window. */
  windows: [number, number][];
}

const PROBATION_PERCENT = 0.15;
const OUTSIDE = -1;
const PROBATIONARY = -2;

export function probationaryLength(rows: number): number {
  return Math.min(Math.floor(PROBATION_PERCENT * rows), PROBATION_PERCENT * 5000);
}

/** 2·sigmoid(−5x) − 1, and −1 once a false positive is more than three window widths away. */
export function scaledSigmoid(relativePosition: number): number {
  if (relativePosition > 3) return -1;
  return 2 / (1 + Math.exp(5 * relativePosition)) - 1;
}

/** Per row: the weighted reward a detection there would earn, and which window (if any) it is in. */
export interface SweepRows {
  sweep: Float64Array;
  /** Window index within the file, OUTSIDE, or PROBATIONARY. */
  window: Int32Array;
}

export function sweepRows(file: LabelledFile, cost: CostMatrix): SweepRows {
  const n = file.rows;
  const sweep = new Float64Array(n);
  const window = new Int32Array(n);
  const maxTp = scaledSigmoid(-1);
  const probation = probationaryLength(n);
  let next = 0;
  let current = -1;
  let prevRight = -1;
  let prevWidth = 0;
  for (let i = 0; i < n; i++) {
    const w = file.windows[next];
    if (current < 0 && w && i === w[0]) {
      current = next++;
    }
    if (current >= 0) {
      const [left, right] = file.windows[current]!;
      const width = right - left + 1;
      sweep[i] = (scaledSigmoid(-(right - i + 1) / width) * cost.tpWeight) / maxTp;
    } else {
      const unweighted = prevRight < 0 ? -1 : scaledSigmoid(Math.abs(prevRight - i) / (prevWidth - 1));
      sweep[i] = unweighted * cost.fpWeight;
    }
    window[i] = i < probation ? PROBATIONARY : current;
    if (current >= 0 && i === file.windows[current]![1]) {
      prevRight = i;
      prevWidth = file.windows[current]![1] - file.windows[current]![0] + 1;
      current = -1;
    }
  }
  return { sweep, window };
}

export interface FileScore {
  name: string;
  score: number;
  tp: number;
  tn: number;
  fp: number;
  fn: number;
}

/** One file's raw score when every row scoring at least `threshold` is a detection. */
export function scoreFile(
  file: LabelledFile,
  rows: SweepRows,
  scores: ArrayLike<number>,
  threshold: number,
  cost: CostMatrix,
): FileScore {
  const best = new Array<number>(file.windows.length).fill(NaN);
  let fpSum = 0;
  let tp = 0;
  let tn = 0;
  let fp = 0;
  let fn = 0;
  for (let i = 0; i < file.rows; i++) {
    const w = rows.window[i]!;
    if (w === PROBATIONARY) continue;
    if (w >= 0 && Number.isNaN(best[w]!)) best[w] = -cost.fnWeight;
    const detected = scores[i]! >= threshold;
    if (w >= 0) {
      if (detected) {
        tp++;
        best[w] = Math.max(best[w]!, rows.sweep[i]!);
      } else fn++;
    } else if (detected) {
      fp++;
      fpSum += rows.sweep[i]!;
    } else tn++;
  }
  let score = fpSum;
  for (const b of best) if (!Number.isNaN(b)) score += b;
  return { name: file.name, score, tp, tn, fp, fn };
}

/**
 * The corpus-wide threshold that maximises the summed raw score: rows sorted by anomaly score,
 * swept from the top, the score recorded at every distinct anomaly score (and at 1.1, no detections).
 */
export function optimiseThreshold(
  files: readonly LabelledFile[],
  sweeps: readonly SweepRows[],
  scores: readonly ArrayLike<number>[],
  cost: CostMatrix,
): { threshold: number; score: number } {
  let total = 0;
  for (let f = 0; f < files.length; f++) {
    const w = sweeps[f]!.window;
    for (let i = 0; i < w.length; i++) if (w[i] !== PROBATIONARY) total++;
  }
  const anomaly = new Float64Array(total);
  const sweep = new Float64Array(total);
  const window = new Int32Array(total);
  let k = 0;
  let windowBase = 0;
  for (let f = 0; f < files.length; f++) {
    const s = sweeps[f]!;
    const sc = scores[f]!;
    for (let i = 0; i < s.window.length; i++) {
      const w = s.window[i]!;
      if (w === PROBATIONARY) continue;
      anomaly[k] = sc[i]!;
      sweep[k] = s.sweep[i]!;
      window[k] = w >= 0 ? windowBase + w : OUTSIDE;
      k++;
    }
    windowBase += files[f]!.windows.length;
  }
  const order = Array.from({ length: total }, (_, i) => i).sort((a, b) => anomaly[b]! - anomaly[a]! || a - b);
  // Each window seen in a scored row starts at −fnWeight and rises to its best detection.
  const part = new Float64Array(windowBase).fill(NaN);
  let score = 0;
  for (let i = 0; i < total; i++) {
    const w = window[i]!;
    if (w >= 0 && Number.isNaN(part[w]!)) {
      part[w] = -cost.fnWeight;
      score -= cost.fnWeight;
    }
  }
  let bestScore = score;
  let bestThreshold = 1.1;
  let current = 1.1;
  for (const i of order) {
    if (anomaly[i] !== current) {
      if (score > bestScore) {
        bestScore = score;
        bestThreshold = current;
      }
      current = anomaly[i]!;
    }
    const w = window[i]!;
    if (w >= 0) {
      const s = sweep[i]!;
      if (s > part[w]!) {
        score += s - part[w]!;
        part[w] = s;
      }
    } else score += sweep[i]!;
  }
  if (score > bestScore) {
    bestScore = score;
    bestThreshold = current;
  }
  return { threshold: bestThreshold, score: bestScore };
}

export interface ProfileResult {
  profile: string;
  threshold: number;
  raw: number;
  normalised: number;
  files: FileScore[];
}

/** Optimises the threshold, scores every file at it, and normalises against null and perfect. */
export function scoreCorpus(
  files: readonly LabelledFile[],
  scores: readonly ArrayLike<number>[],
  profile: Profile,
  nullRaw: number,
): ProfileResult {
  const sweeps = files.map((f) => sweepRows(f, profile.cost));
  const { threshold } = optimiseThreshold(files, sweeps, scores, profile.cost);
  const fileScores = files.map((f, i) => scoreFile(f, sweeps[i]!, scores[i]!, threshold, profile.cost));
  const raw = fileScores.reduce((sum, f) => sum + f.score, 0);
  const windows = files.reduce((sum, f) => sum + f.windows.length, 0);
  const perfect = windows * profile.cost.tpWeight;
  return {
    profile: profile.name,
    threshold,
    raw,
    normalised: (100 * (raw - nullRaw)) / (perfect - nullRaw),
    files: fileScores,
  };
}

/** The null detector's raw score for a profile: a constant anomaly score, optimised like any other. */
export function nullRawScore(files: readonly LabelledFile[], profile: Profile): number {
  const sweeps = files.map((f) => sweepRows(f, profile.cost));
  const scores = files.map((f) => new Float64Array(f.rows).fill(0.5));
  const { threshold } = optimiseThreshold(files, sweeps, scores, profile.cost);
  return files.reduce((sum, f, i) => sum + scoreFile(f, sweeps[i]!, scores[i]!, threshold, profile.cost).score, 0);
}

import { DAY_MS } from '../series.ts';
import { normalUpperTail } from '../normal.ts';

export interface PointResult {
  score: number;
  alarm: boolean;
  expected: number;
  lower: number;
  upper: number;
}

export interface DetectorOptions {
  threshold?: number;
  alphaLocal?: number;
  seasonPeriods?: number;
  gamma?: number;
  scaleRate?: number;
  clip?: number;
  lambdas?: number[];
  normRate?: number;
  holdOff?: number;
  range?: boolean;
  seasonal?: boolean;
  counts?: boolean;
  maxSlots?: number;
  trust?: number;
  mode?: number;
  quiet?: number;
  calib?: number;
  calibRate?: number;
  calmZ?: number;
}

const WARM_DELTAS = 8;
const BINS_PER_Z = 4;
const BINS = 64;

class Model {
  level = NaN;
  scale = 0;
  season: Float64Array;
  count: Float64Array;
  n = 0;
  pred = 0;
  r = 0;
  i0 = 0;
  i1 = 0;
  w1 = 0;
  constructor(
    readonly slots: number,
    readonly daily: boolean,
    readonly slotMs: number,
    readonly alpha: number,
    readonly gamma: number,
    readonly scaleRate: number,
    readonly clip: number,
  ) {
    this.season = new Float64Array(slots);
    this.count = new Float64Array(slots);
  }
  predict(ts: number): number {
    let s = 0;
    if (this.slots > 0) {
      if (this.daily) {
        this.i0 = this.i1 = new Date(ts).getUTCDay();
        this.w1 = 0;
      } else {
        const pos = (ts % DAY_MS) / this.slotMs - 0.5;
        const f = Math.floor(pos);
        this.w1 = pos - f;
        this.i0 = (f + this.slots) % this.slots;
        this.i1 = (this.i0 + 1) % this.slots;
      }
      s = (1 - this.w1) * this.season[this.i0]! + this.w1 * this.season[this.i1]!;
    }
    return (this.pred = this.level + s);
  }
  learn(y: number): void {
    this.n++;
    if (Number.isNaN(this.level)) {
      this.level = y;
      return;
    }
    const r = y - this.pred;
    const sigma = this.scale;
    const psi = sigma > 0 && this.n > 10 ? Math.max(-this.clip * sigma, Math.min(this.clip * sigma, r)) : r;
    const rate = this.n < 1 / this.alpha ? 1 / this.n : this.alpha;
    if (this.slots > 0) {
      const a = this.i0;
      const b = this.i1;
      const w = this.w1;
      const ca = (this.count[a] = this.count[a]! + (1 - w));
      const cb = (this.count[b] = this.count[b]! + w);
      const ga = Math.max(this.gamma, 1 / Math.max(ca, 1)) * (1 - w);
      const gb = Math.max(this.gamma, 1 / Math.max(cb, 1)) * w;
      this.season[a] = this.season[a]! + ga * psi;
      if (w > 0) this.season[b] = this.season[b]! + gb * psi;
      this.level += rate * (1 - Math.min(1, ga + gb)) * psi;
    } else this.level += rate * psi;
    const sr = this.n < 1 / this.scaleRate ? 1 / this.n : this.scaleRate;
    const ar = sigma > 0 ? Math.min(Math.abs(r), this.clip * sigma) : Math.abs(r);
    this.scale += sr * (1.25 * ar - this.scale);
  }
}

export class AnomalyDetector {
  readonly threshold: number;
  private o: Required<DetectorOptions>;
  private n = 0;
  private lastTs = NaN;
  private deltas: number[] = [];
  private models: Model[] = [];
  private countMode = true;
  private resolution = Infinity;
  private lastValue = NaN;
  private ew: Float64Array;
  private ewNorm: Float64Array;
  private minV = Infinity;
  private maxV = -Infinity;
  private hold = 0;
  private calm = 0;
  private hist = new Float64Array(BINS);
  private histTotal = 0;
  private histWeight = 1;
  private initialised = false;
  score = 0;
  alarm = false;
  expected = NaN;
  lower = NaN;
  upper = NaN;

  constructor(options: DetectorOptions = {}) {
    this.o = {
      threshold: 0.5,
      alphaLocal: 0.1,
      seasonPeriods: 2,
      gamma: 0.1,
      scaleRate: 0.02,
      clip: 3,
      lambdas: [1, 0.25, 0.06],
      normRate: 0.002,
      range: true,
      seasonal: true,
      counts: true,
      maxSlots: 288,
      trust: 1.5,
      mode: 0,
      quiet: 30,
      holdOff: 1e9,
      calib: 50,
      calibRate: 0.0005,
      calmZ: 2,
      ...options,
    };
    this.threshold = this.o.threshold;
    this.ew = new Float64Array(this.o.lambdas.length);
    this.ewNorm = new Float64Array(this.o.lambdas.length);
    this.models = [new Model(0, false, 0, this.o.alphaLocal, 0, this.o.scaleRate, this.o.clip)];
  }

  private init(): void {
    const sorted = [...this.deltas].sort((a, b) => a - b);
    const interval = sorted[sorted.length >> 1]!;
    const o = this.o;
    if (!o.seasonal) return;
    if (interval >= DAY_MS && interval < 7 * DAY_MS) {
      this.models.push(new Model(7, true, 0, 1 / (7 * o.seasonPeriods), o.gamma, o.scaleRate, o.clip));
    } else if (interval < DAY_MS && o.maxSlots > 0) {
      const perDay = Math.round(DAY_MS / interval);
      const slots = Math.min(o.maxSlots, perDay);
      const visits = perDay / slots;
      const g = 1 - Math.pow(1 - o.gamma, 1 / visits);
      const m = new Model(slots, false, DAY_MS / slots, 1 / (perDay * o.seasonPeriods), g, o.scaleRate, o.clip);
      m.level = this.models[0]!.level;
      m.scale = this.models[0]!.scale;
      m.n = this.models[0]!.n;
      this.models.push(m);
    }
  }

  private transform(x: number): number {
    return this.countMode ? 2 * Math.sqrt(Math.max(x, 0) + 0.375) : x;
  }

  private inverse(y: number): number {
    if (!this.countMode) return y;
    const h = Math.max(y, 0) / 2;
    return Math.max(0, h * h - 0.375);
  }

  update(timestamp: number, value: number): PointResult {
    this.step(timestamp, value);
    return { score: this.score, alarm: this.alarm, expected: this.expected, lower: this.lower, upper: this.upper };
  }

  step(ts: number, x: number): void {
    const o = this.o;
    this.n++;
    if (!Number.isNaN(this.lastTs) && ts > this.lastTs && !this.initialised) this.deltas.push(ts - this.lastTs);
    this.lastTs = ts;
    if (!this.initialised && this.countMode && !(o.counts && x >= 0 && Number.isInteger(x))) this.countMode = false;
    if (!Number.isNaN(this.lastValue) && x !== this.lastValue)
      this.resolution = Math.min(this.resolution, Math.abs(x - this.lastValue));
    this.lastValue = x;
    if (!this.initialised && this.deltas.length >= WARM_DELTAS) {
      this.initialised = true;
      this.init();
    }
    const y = this.transform(x);
    const floor = this.countMode ? 1 : Math.max(this.resolution * 0.5, 1e-12);
    const fl = Number.isFinite(floor) ? floor : 1e-12;
    // choose the best-fitting model; where another fits nearly as well, take the smaller surprise
    let best = -1;
    let bestSigma = Infinity;
    for (let k = 0; k < this.models.length; k++) {
      const m = this.models[k]!;
      m.predict(ts);
      const sg = Math.max(m.scale, fl);
      if (!Number.isNaN(m.level) && sg < bestSigma) {
        bestSigma = sg;
        best = k;
      }
    }
    if (best < 0) {
      for (const m of this.models) m.learn(y);
      this.score = 0;
      this.alarm = false;
      this.expected = this.lower = this.upper = x;
      return;
    }
    const bm = this.models[best]!;
    let z = (y - bm.pred) / bestSigma;
    for (let k = 0; k < this.models.length; k++) {
      if (k === best) continue;
      const m = this.models[k]!;
      const sg = Math.max(m.scale, fl);
      if (sg <= bestSigma * o.trust) {
        const zk = (y - m.pred) / sg;
        if (Math.abs(zk) < Math.abs(z)) z = zk;
      }
    }
    let zmax = 0;
    const zc = Math.max(-8, Math.min(8, z));
    for (let j = 0; j < o.lambdas.length; j++) {
      const lam = o.lambdas[j]!;
      const m = (this.ew[j] = (1 - lam) * this.ew[j]! + lam * zc);
      const theo = Math.sqrt(lam / (2 - lam));
      const norm = Math.max(Math.sqrt(this.ewNorm[j]!), theo);
      const zz = Math.abs(m) / norm;
      if (zz > zmax) zmax = zz;
      const mm = Math.min(m * m, 16 * norm * norm);
      const nr = this.n < 1 / o.normRate ? 1 / this.n : o.normRate;
      this.ewNorm[j] = this.ewNorm[j]! + nr * (mm - this.ewNorm[j]!);
    }
    const zOut = Math.max(Math.abs(z), zmax);
    const pg = 2 * normalUpperTail(zOut);
    let p = pg;
    if (o.calib > 0) {
      const bin = Math.min(BINS - 1, Math.floor(zOut * BINS_PER_Z));
      let above = 0;
      for (let b = bin; b < BINS; b++) above += this.hist[b]!;
      p = (above + o.calib * pg) / (this.histTotal + o.calib);
      // record this point's Z with exponential forgetting
      this.histWeight /= 1 - o.calibRate;
      this.hist[bin] = this.hist[bin]! + this.histWeight;
      this.histTotal += this.histWeight;
      if (this.histWeight > 1e100) {
        for (let b = 0; b < BINS; b++) this.hist[b] = this.hist[b]! / this.histWeight;
        this.histTotal /= this.histWeight;
        this.histWeight = 1;
      }
      p = Math.min(1, p * 1);
    }
    let surprise = -Math.log10(Math.max(p, 1e-300));
    if (o.range && this.n > 1) {
      const tol = (this.maxV - this.minV) * 0.05;
      if (this.maxV > this.minV && (x > this.maxV + tol || x < this.minV - tol)) surprise = Math.max(surprise, 10);
    }
    this.minV = Math.min(this.minV, x);
    this.maxV = Math.max(this.maxV, x);
    let score = surprise / (surprise + 10);
    if (this.hold > 0) {
      // an incident ends after `quiet` calm points in a row, or after holdOff points at most
      this.hold--;
      this.calm = zOut < o.calmZ ? this.calm + 1 : 0;
      if (this.calm >= o.quiet) this.hold = 0;
      score = Math.min(score, o.threshold * 0.999 * score);
    }
    this.alarm = score >= o.threshold;
    if (this.alarm) {
      this.hold = o.holdOff;
      this.calm = 0;
    }
    this.score = score;
    for (const m of this.models) m.learn(y);
    this.expected = this.inverse(bm.pred);
    this.lower = this.inverse(bm.pred - 4 * bestSigma);
    this.upper = this.inverse(bm.pred + 4 * bestSigma);
  }
}

export function detectSeries(timestamps: ArrayLike<number>, values: ArrayLike<number>, options: DetectorOptions = {}) {
  const d = new AnomalyDetector(options);
  const n = values.length;
  const scores = new Float64Array(n);
  const alarms = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    d.step(timestamps[i]!, values[i]!);
    scores[i] = d.score;
    alarms[i] = d.alarm ? 1 : 0;
  }
  return { scores, alarms };
}

/**
 * A contextual detector in the spirit of CAD OSE: values are quantised into a few levels, and the
 * context of a point is the sequence of the last k levels (k = 2..order). The raw score is the
 * share of those contexts never seen before: a value at a familiar level but in an unfamiliar
 * order (a daily cycle that changed shape, a plateau where there was a slope) is novel even if no
 * single value is.
 *
 * Strictly streaming: the quantisation grid is fixed from the first `learnPoints` values (origin
 * at their minimum, `levels` steps across their range); later values outside that range get
 * levels beyond it, which is novelty in itself. Contexts live in a fixed-size open-addressing table
 * of 32-bit fingerprints (a collision at worst hides one novelty); when it is two-thirds full, no
 * new contexts are stored, so cost and memory per point are bounded.
 */
const TABLE_BITS = 15;
const TABLE_SIZE = 1 << TABLE_BITS;
const MAX_LOAD = (TABLE_SIZE * 2) / 3;
const PROBES = 8;

export class ContextNovelty {
  private readonly keys = new Uint32Array(TABLE_SIZE);
  private stored = 0;
  /** The last `order` levels, newest at `head`. */
  private readonly recent: Int32Array;
  private head = 0;
  private seen = 0;
  private min = Infinity;
  private max = -Infinity;
  private origin = 0;
  private width = 0;

  constructor(
    private readonly levels: number,
    private readonly order: number,
    private readonly learnPoints: number,
  ) {
    this.recent = new Int32Array(order);
  }

  /** Adds one value; returns the share of its contexts (length 2..order) never seen before, in [0, 1]. */
  update(y: number): number {
    this.seen++;
    if (this.width === 0) {
      this.min = Math.min(this.min, y);
      this.max = Math.max(this.max, y);
      if (this.seen < this.learnPoints) return 0;
      this.origin = this.min;
      this.width = this.max > this.min ? (this.max - this.min) / this.levels : 1;
    }
    const level = Math.floor((y - this.origin) / this.width);
    const order = this.order;
    this.head = (this.head + order - 1) % order;
    this.recent[this.head] = level;
    const have = Math.min(order, this.seen - this.learnPoints + 1);
    if (have < 2) return 0;
    let h = mix(0x9e3779b9, level);
    let novel = 0;
    for (let k = 2; k <= have; k++) {
      h = mix(h, this.recent[(this.head + k - 1) % order]!);
      if (!this.visit(mix(h, k))) novel++;
    }
    return novel / (have - 1);
  }

  /** Whether the fingerprint was stored before; stores it if not (and there is room). */
  private visit(key: number): boolean {
    const fp = key === 0 ? 1 : key;
    let slot = fp & (TABLE_SIZE - 1);
    for (let p = 0; p < PROBES; p++) {
      const k = this.keys[slot]!;
      if (k === fp) return true;
      if (k === 0) {
        if (this.stored < MAX_LOAD) {
          this.keys[slot] = fp;
          this.stored++;
        }
        return false;
      }
      slot = (slot + 1) & (TABLE_SIZE - 1);
    }
    return false;
  }
}

/** A 32-bit hash step (murmur-style multiply and rotate). */
function mix(h: number, v: number): number {
  let k = Math.imul(v | 0, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) >>> 0;
}

import { ValidationError, type FieldIssue } from '../lib/errors.ts';
import { inferInterval, parseTimestamp } from './series.ts';

/**
 * NAB's data format (`timestamp,value`, timestamps `YYYY-MM-DD HH:MM:SS`) and its results format
 * (`timestamp,value,anomaly_score,label`). Parsing is strict: a file either parses whole or fails
 * with issues naming `file:line field`, so nothing downstream ever sees half a series.
 */

export const DATA_HEADER = 'timestamp,value';
export const RESULTS_HEADER = 'timestamp,value,anomaly_score,label';

export interface ParsedSeries {
  /** The timestamp and value texts as written, echoed verbatim into results. */
  stampTexts: string[];
  valueTexts: string[];
  timestamps: Float64Array;
  values: Float64Array;
  /** The regular step in milliseconds (0 for a series of one row). */
  intervalMs: number;
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const MAX_ISSUES = 10;

/** Parses one NAB-format file; `name` is what error paths call it (e.g. the file name). */
export function parseSeriesCsv(text: string, name: string): ParsedSeries {
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const issues: FieldIssue[] = [];
  const at = (line: number, field: string, message: string): void => {
    if (issues.length < MAX_ISSUES) issues.push({ path: `${name}:${line} ${field}`, message });
  };
  const header = (lines[0] ?? '').replace(/\r$/, '');
  if (header !== DATA_HEADER) {
    at(1, 'header', `expected '${DATA_HEADER}', found '${header}'`);
    throw new ValidationError(`cannot read ${name}`, issues);
  }
  const n = lines.length - 1;
  const stampTexts: string[] = new Array<string>(n);
  const valueTexts: string[] = new Array<string>(n);
  const timestamps = new Float64Array(n);
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const lineNo = i + 2;
    const line = lines[i + 1]!.replace(/\r$/, '');
    const comma = line.indexOf(',');
    if (comma < 0 || line.indexOf(',', comma + 1) >= 0) {
      at(lineNo, 'row', `expected two fields 'timestamp,value', found '${line}'`);
      continue;
    }
    const stamp = line.slice(0, comma);
    const valueText = line.slice(comma + 1);
    stampTexts[i] = stamp;
    valueTexts[i] = valueText;
    const ts = parseTimestamp(stamp);
    if (Number.isNaN(ts)) at(lineNo, 'timestamp', `expected YYYY-MM-DD HH:MM:SS, found '${stamp}'`);
    const value = NUMBER.test(valueText) ? Number(valueText) : NaN;
    if (!Number.isFinite(value)) at(lineNo, 'value', `expected a finite number, found '${valueText}'`);
    timestamps[i] = ts;
    values[i] = value;
  }
  if (n === 0) at(2, 'row', 'no data rows');
  if (issues.length > 0) throw new ValidationError(`cannot read ${name}`, issues);
  const intervalMs = checkRegular(timestamps, at);
  if (issues.length > 0) throw new ValidationError(`cannot read ${name}`, issues);
  return { stampTexts, valueTexts, timestamps, values, intervalMs };
}

/**
 * Time must strictly increase, and every step must be a whole multiple of the series' interval (its
 * most common step): a missing row is a gap the detector bridges, a step off the grid is an error.
 */
function checkRegular(timestamps: Float64Array, at: (line: number, field: string, message: string) => void): number {
  for (let i = 1; i < timestamps.length; i++) {
    if (timestamps[i]! <= timestamps[i - 1]!)
      at(i + 2, 'timestamp', 'not after the previous row (time must strictly increase)');
  }
  const interval = inferInterval(timestamps) ?? 0;
  if (interval === 0) return 0;
  for (let i = 1; i < timestamps.length; i++) {
    const step = timestamps[i]! - timestamps[i - 1]!;
    if (step > 0 && step % interval !== 0)
      at(i + 2, 'timestamp', `irregular step of ${step / 1000} s (the series' interval is ${interval / 1000} s)`);
  }
  return interval;
}

/** One results row per input row; `label` is 1 where the detector raised an alarm. */
export function formatResultsCsv(
  parsed: Pick<ParsedSeries, 'stampTexts' | 'valueTexts'>,
  scores: ArrayLike<number>,
  alarms: ArrayLike<boolean | number>,
): string {
  const out: string[] = [RESULTS_HEADER];
  for (let i = 0; i < parsed.stampTexts.length; i++) {
    out.push(`${parsed.stampTexts[i]},${parsed.valueTexts[i]},${formatScore(scores[i]!)},${alarms[i] ? 1 : 0}`);
  }
  return `${out.join('\n')}\n`;
}

/** Nine decimals, no exponent, no trailing zeros: `0.5`, `0.000000123`, `1`. */
export function formatScore(score: number): string {
  const fixed = score.toFixed(9);
  return fixed.includes('.') ? fixed.replace(/0+$/, '').replace(/\.$/, '') : fixed;
}

import { describe, expect, it } from 'vitest';
import {
  formatResultsCsv,
  formatScore,
  formatTimestamp,
  inferInterval,
  parseSeriesCsv,
  parseTimestamp,
} from '../../../src/analytics/index.ts';
import { ValidationError } from '../../../src/lib/errors.ts';

function issues(text: string): string[] {
  try {
    parseSeriesCsv(text, 'data.csv');
  } catch (err) {
    expect(err).toBeInstanceOf(ValidationError);
    return (err as ValidationError).issues.map((i) => `${i.path}: ${i.message}`);
  }
  return [];
}

describe('timestamps', () => {
  it('parses and formats YYYY-MM-DD HH:MM:SS as UTC, rejecting impossible dates', () => {
    expect(parseTimestamp('2014-04-01 00:05:00')).toBe(Date.UTC(2014, 3, 1, 0, 5));
    expect(formatTimestamp(Date.UTC(2014, 3, 1, 0, 5))).toBe('2014-04-01 00:05:00');
    for (const bad of ['2014-02-30 00:00:00', '2014-04-01T00:00:00', '2014-04-01 24:00:00', '2014-04-01', ''])
      expect(parseTimestamp(bad)).toBeNaN();
  });

  it('infers the interval as the most common step', () => {
    expect(inferInterval([0, 300, 600, 1200, 1500])).toBe(300);
    expect(inferInterval([5])).toBeUndefined();
  });
});

describe('parseSeriesCsv', () => {
  it('reads NAB data with any regular interval, allowing gaps of whole intervals', () => {
    const p = parseSeriesCsv(
      'timestamp,value\r\n2024-01-01 00:00:00,1.5\r\n2024-01-02 00:00:00,-2e3\r\n2024-01-04 00:00:00,7\r\n',
      'd.csv',
    );
    expect(Array.from(p.values)).toEqual([1.5, -2000, 7]);
    expect(p.intervalMs).toBe(86_400_000);
    expect(p.stampTexts[1]).toBe('2024-01-02 00:00:00');
    expect(p.valueTexts[1]).toBe('-2e3');
  });

  it('names file, line and field for every kind of bad input', () => {
    expect(issues('time,value\n2024-01-01 00:00:00,1\n')).toEqual([
      "data.csv:1 header: expected 'timestamp,value', found 'time,value'",
    ]);
    expect(issues('')).toEqual(["data.csv:1 header: expected 'timestamp,value', found ''"]);
    expect(issues('timestamp,value\n')).toEqual(['data.csv:2 row: no data rows']);
    expect(issues('timestamp,value\n2024-01-01 00:00:00,1\n2024-01-01 00:05,2\n2024-01-01 00:10:00,abc\n')).toEqual([
      "data.csv:3 timestamp: expected YYYY-MM-DD HH:MM:SS, found '2024-01-01 00:05'",
      "data.csv:4 value: expected a finite number, found 'abc'",
    ]);
    expect(issues('timestamp,value\n2024-01-01 00:00:00,1,2\n2024-01-01 00:05:00,\n')).toEqual([
      "data.csv:2 row: expected two fields 'timestamp,value', found '2024-01-01 00:00:00,1,2'",
      "data.csv:3 value: expected a finite number, found ''",
    ]);
    expect(issues('timestamp,value\n2024-01-01 00:05:00,1\n2024-01-01 00:05:00,2\n')).toEqual([
      'data.csv:3 timestamp: not after the previous row (time must strictly increase)',
    ]);
    const irregular =
      'timestamp,value\n2024-01-01 00:00:00,1\n2024-01-01 00:05:00,1\n2024-01-01 00:10:00,1\n2024-01-01 00:17:00,1\n';
    expect(issues(irregular)).toEqual([
      "data.csv:5 timestamp: irregular step of 420 s (the series' interval is 300 s)",
    ]);
  });

  it('throws a ValidationError whose message carries the paths', () => {
    expect(() => parseSeriesCsv('timestamp,value\nx,1\n', 'data.csv')).toThrow(/data\.csv:2 timestamp/);
  });
});

describe('results format', () => {
  it('echoes each row with its score and alarm label', () => {
    const p = parseSeriesCsv('timestamp,value\n2024-01-01 00:00:00,10\n2024-01-01 01:00:00,11.50\n', 'd.csv');
    expect(formatResultsCsv(p, [0, 0.734512345678], [0, 1])).toBe(
      'timestamp,value,anomaly_score,label\n2024-01-01 00:00:00,10,0,0\n2024-01-01 01:00:00,11.50,0.734512346,1\n',
    );
  });

  it('writes scores without exponents', () => {
    expect(formatScore(1.23e-7)).toBe('0.000000123');
    expect(formatScore(0.5)).toBe('0.5');
    expect(formatScore(1)).toBe('1');
  });
});

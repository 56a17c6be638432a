import { describe, expect, it } from 'vitest';
import {
  nullRawScore,
  optimiseThreshold,
  probationaryLength,
  scaledSigmoid,
  scoreCorpus,
  scoreFile,
  sweepRows,
  type LabelledFile,
} from '../../../bench/nab/scorer.ts';

const standard = { tpWeight: 1, fpWeight: 0.11, fnWeight: 1 };
const file: LabelledFile = { name: 'f.csv', rows: 100, windows: [[40, 49]] };

function scoresWith(detections: Record<number, number>): Float64Array {
  const s = new Float64Array(100);
  for (const [i, v] of Object.entries(detections)) s[Number(i)] = v;
  return s;
}

describe('NAB scoring rules', () => {
  it('has NAB probation: 15 % of the rows, at most 750', () => {
    expect(probationaryLength(100)).toBe(15);
    expect(probationaryLength(4032)).toBe(604);
    expect(probationaryLength(22695)).toBe(750);
  });

  it('scales the sigmoid: +0.987 at a window start, 0 at its end, −1 far after', () => {
    expect(scaledSigmoid(-1)).toBeCloseTo(0.98661, 5);
    expect(scaledSigmoid(0)).toBe(0);
    expect(scaledSigmoid(3.5)).toBe(-1);
  });

  it('rewards an early detection fully and a late one less; misses cost fnWeight', () => {
    const rows = sweepRows(file, standard);
    expect(scoreFile(file, rows, scoresWith({ 40: 1 }), 0.5, standard).score).toBeCloseTo(1, 12);
    const late = scoreFile(file, rows, scoresWith({ 49: 1 }), 0.5, standard).score;
    expect(late).toBeCloseTo(scaledSigmoid(-0.1) / scaledSigmoid(-1), 12);
    expect(scoreFile(file, rows, scoresWith({}), 0.5, standard).score).toBe(-1);
    // only the best detection in a window counts
    expect(scoreFile(file, rows, scoresWith({ 40: 1, 45: 1, 49: 1 }), 0.5, standard)).toMatchObject({
      score: 1,
      tp: 3,
    });
  });

  it('charges false positives: fully before any window, less just after one; probation is free', () => {
    const rows = sweepRows(file, standard);
    expect(scoreFile(file, rows, scoresWith({ 40: 1, 20: 1 }), 0.5, standard).score).toBeCloseTo(1 - 0.11, 12);
    const after = scoreFile(file, rows, scoresWith({ 40: 1, 50: 1 }), 0.5, standard).score;
    expect(after).toBeCloseTo(1 + 0.11 * scaledSigmoid(1 / 9), 12);
    expect(scoreFile(file, rows, scoresWith({ 40: 1, 5: 1 }), 0.5, standard)).toMatchObject({ score: 1, fp: 0 });
  });

  it('picks the corpus threshold that maximises the summed score, and normalises null to 0 and perfect to 100', () => {
    const scores = scoresWith({ 40: 0.9, 20: 0.8, 60: 0.7 });
    const { threshold, score } = optimiseThreshold([file], [sweepRows(file, standard)], [scores], standard);
    expect(threshold).toBe(0.9);
    expect(score).toBeCloseTo(1, 12);
    const nullRaw = nullRawScore([file], { name: 'standard', cost: standard });
    expect(nullRaw).toBe(-1);
    expect(scoreCorpus([file], [scores], { name: 'standard', cost: standard }, nullRaw).normalised).toBeCloseTo(100, 9);
    const nothing = scoreCorpus([file], [scoresWith({})], { name: 'standard', cost: standard }, nullRaw);
    expect(nothing.normalised).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import { formatCount, formatPercent, formatRatio, formatUsd, toCents } from '../../../src/policy/money.ts';

describe('toCents', () => {
  it('rounds to whole cents so float noise cannot move a boundary', () => {
    expect(toCents(0.1 + 0.2)).toBe(30);
    expect(toCents(999.99)).toBe(99_999);
    expect(toCents(4999.99)).toBe(499_999);
    expect(toCents(24_999.99)).toBe(2_499_999);
    expect(toCents(25_000.01)).toBe(2_500_001);
    expect(toCents(999.994)).toBe(99_999);
    expect(toCents(999.996)).toBe(100_000);
  });
});

describe('formatUsd', () => {
  it.each([
    [4200, '$4,200'],
    [4200.5, '$4,200.50'],
    [999.99, '$999.99'],
    [1000, '$1,000'],
    [0, '$0'],
    [0.07, '$0.07'],
    [25_000.01, '$25,000.01'],
    [1_234_567.89, '$1,234,567.89'],
    [-1500, '-$1,500'],
  ])('%s -> %s', (usd, text) => {
    expect(formatUsd(usd)).toBe(text);
  });
});

describe('counts and percentages', () => {
  it('formats without depending on the locale', () => {
    expect(formatCount(1_234_567)).toBe('1,234,567');
    expect(formatCount(12)).toBe('12');
    expect(formatPercent(99.9)).toBe('99.9%');
    expect(formatPercent(99)).toBe('99%');
    expect(formatRatio(0.55)).toBe('55%');
    expect(formatRatio(0.07)).toBe('7%');
    expect(formatRatio(0.855)).toBe('85.5%');
  });
});

import { detectSeries, windowedGaussianScores } from '../../src/analytics/index.ts';
import type { NabFile } from './corpus.ts';

/**
 * The detectors the NAB bench scores. The Windowed Gaussian's scores are rounded to 12 significant
 * digits because NAB's published results files were written by Python 2's str(float), which keeps
 * 12: scores like 0.9999999999997 were stored, and scored, as 1.0.
 */
export const NAB_DETECTORS = {
  psizero: (f: NabFile): Float64Array => detectSeries(f.timestamps, f.values).scores,
  windowedGaussian: (f: NabFile): Float64Array =>
    windowedGaussianScores(f.values).map((s) => Number(s.toPrecision(12))),
  null: (f: NabFile): Float64Array => new Float64Array(f.rows).fill(0.5),
} as const;

export type NabDetectorName = keyof typeof NAB_DETECTORS;

export function nabDir(): string {
  return process.env.PSIZERO_NAB_DIR ?? new URL('../../../shared/data/nab', import.meta.url).pathname;
}

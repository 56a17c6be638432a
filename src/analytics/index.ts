export {
  addDays,
  addMonths,
  compare,
  compareDay,
  formatChange,
  pacing,
  type Aggregate,
  type Change,
  type DailyComparison,
  type DailyValues,
  type Pacing,
  type Target,
} from './comparisons.ts';
export { dailyTrends, mannKendall, median, theilSen, trend, type MannKendall, type TrendResult } from './trend.ts';
export {
  AnomalyDetector,
  detectSeries,
  OPERATING_THRESHOLD,
  type DetectionResult,
  type DetectorOptions,
  type PointResult,
} from './anomaly/detector.ts';
export { windowedGaussianScores } from './anomaly/windowed-gaussian.ts';
export { erfc, normalUpperTail } from './normal.ts';
export { DAY_MS, MINUTE_MS, formatTimestamp, inferInterval, parseTimestamp } from './series.ts';
export {
  DATA_HEADER,
  RESULTS_HEADER,
  formatResultsCsv,
  formatScore,
  parseSeriesCsv,
  type ParsedSeries,
} from './series-csv.ts';

import { Command } from 'commander';
import { detectSeries } from '../../src/analytics/index.ts';
import { machine, writeSection } from '../report.ts';
import { loadCorpus, nabAvailable, readPublishedScores, type NabCorpus } from './corpus.ts';
import { NAB_DETECTORS, nabDir, type NabDetectorName } from './detectors.ts';
import { nullRawScore, scoreCorpus, type ProfileResult } from './scorer.ts';

/**
 * `npm run bench:nab` — scores detectors on the Numenta Anomaly Benchmark with our reimplementation
 * of NAB's scorer: first the Windowed Gaussian baseline against its published per-file scores and
 * the null detector (trust the scorer before trusting a score), then PsiZero's detector, its time
 * over the corpus and its single-core throughput. Figures go to docs/benchmarks.md.
 */
const program = new Command()
  .option('--data <dir>', 'NAB directory (data/, labels/, config/, results/)', nabDir())
  .option('--detector <name>', 'psizero, windowedGaussian or null (default: all three)')
  .option('--repeat <n>', 'throughput repetitions over the corpus', (v) => Number(v), 5)
  .option('--no-write', 'print only, do not update docs/benchmarks.md')
  .parse();
const opts = program.opts<{ data: string; detector?: NabDetectorName; repeat: number; write: boolean }>();

if (!nabAvailable(opts.data)) {
  console.log(`NAB data not found at ${opts.data}: skipping (set --data or PSIZERO_NAB_DIR)`);
  process.exit(0);
}

const loadStart = performance.now();
const corpus = loadCorpus(opts.data);
const loadSeconds = (performance.now() - loadStart) / 1000;
const points = corpus.files.reduce((n, f) => n + f.rows, 0);
const names: NabDetectorName[] = opts.detector ? [opts.detector] : ['windowedGaussian', 'null', 'psizero'];
const nullRaw = new Map(corpus.profiles.map((p) => [p.name, nullRawScore(corpus.files, p)]));

function score(name: NabDetectorName, c: NabCorpus): { results: ProfileResult[]; seconds: number } {
  const start = performance.now();
  const scores = c.files.map((f) => NAB_DETECTORS[name](f));
  const seconds = (performance.now() - start) / 1000;
  return { results: c.profiles.map((p) => scoreCorpus(c.files, scores, p, nullRaw.get(p.name)!)), seconds };
}

const lines: string[] = [];
const byDetector = new Map<NabDetectorName, { results: ProfileResult[]; seconds: number }>();
for (const name of names) {
  const r = score(name, corpus);
  byDetector.set(name, r);
  console.log(
    `${name}: ${r.results.map((p) => `${p.profile} ${p.normalised.toFixed(2)} (threshold ${p.threshold.toPrecision(6)})`).join(', ')}; ${r.seconds.toFixed(2)} s`,
  );
}

const wg = byDetector.get('windowedGaussian');
let reproduction = '';
if (wg) {
  const rows = wg.results.map((p) => {
    const published = readPublishedScores(opts.data, 'windowedGaussian', p.profile);
    let worst = 0;
    for (const f of p.files) worst = Math.max(worst, Math.abs(f.score - published.files.get(f.name)!));
    const publishedNormalised =
      (100 * (published.total - nullRaw.get(p.profile)!)) / (116 * 1 - nullRaw.get(p.profile)!);
    return `| ${p.profile} | ${p.normalised.toFixed(2)} | ${publishedNormalised.toFixed(2)} | ${p.raw.toFixed(4)} / ${published.total.toFixed(4)} | ${worst.toExponential(1)} |`;
  });
  reproduction = [
    '| profile | our scorer | published | raw total (ours / published) | largest per-file difference |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
  console.log(reproduction);
}

const ours = byDetector.get('psizero');
let throughput = 0;
if (ours) {
  // Detector only, one core: the corpus several times over, best pass (the first warms the JIT).
  let best = Infinity;
  for (let k = 0; k < Math.max(1, opts.repeat); k++) {
    const start = performance.now();
    for (const f of corpus.files) detectSeries(f.timestamps, f.values);
    best = Math.min(best, (performance.now() - start) / 1000);
  }
  throughput = points / best;
  console.log(`psizero: ${points} points in ${best.toFixed(3)} s = ${Math.round(throughput)} points/s (one core)`);
}

if (opts.write && !opts.detector) {
  const table = (name: NabDetectorName): string => {
    const r = byDetector.get(name)!;
    return `| ${name} | ${r.results.map((p) => p.normalised.toFixed(1)).join(' | ')} |`;
  };
  const profiles = corpus.profiles.map((p) => p.name);
  lines.push(
    '## Anomaly detection on the Numenta Anomaly Benchmark',
    '',
    `Machine: ${machine()}. Command: \`npm run bench:nab\` (data: NAB v1.1, ${corpus.files.length} files, ${points} points). Measured ${new Date().toISOString().slice(0, 10)}.`,
    '',
    "Scorer check: the Windowed Gaussian baseline, ported, scored by our reimplementation of NAB's scorer, against NAB's published results:",
    '',
    reproduction,
    '',
    `| detector | ${profiles.join(' | ')} |`,
    `| --- | ${profiles.map(() => '---').join(' | ')} |`,
    table('null'),
    table('windowedGaussian'),
    table('psizero'),
    '',
    'Published scoreboard (standard profile) for reference: ARTime 74.9, Numenta HTM 70.1, CAD OSE 69.9, earthgecko Skyline 58.2, KNN-CAD 58.0, Relative Entropy 54.6, Random Cut Forest 51.7, Twitter ADVec 47.1, Windowed Gaussian 39.6.',
    '',
    '| measure | figure |',
    '| --- | --- |',
    `| PsiZero detector over the whole corpus (${points} points, detection only) | ${ours!.seconds.toFixed(2)} s |`,
    `| reading and parsing the corpus's CSV files | ${loadSeconds.toFixed(2)} s |`,
    `| detector throughput, one core (best of ${opts.repeat} passes) | ${Math.round(throughput).toLocaleString('en-US')} points/s (target ≥ 1,000,000) |`,
  );
  writeSection('docs/benchmarks.md', 'analytics-nab', lines.join('\n'));
  console.log('docs/benchmarks.md updated');
}

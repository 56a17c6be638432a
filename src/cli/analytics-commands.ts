import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Command } from 'commander';
import { detectSeries, formatResultsCsv, parseSeriesCsv } from '../analytics/index.ts';
import { ValidationError } from '../lib/errors.ts';

/**
 * `psizero analytics detect FILE.csv ... [--out DIR]`: NAB data format in, NAB results format out
 * (`timestamp,value,anomaly_score,label`, label 1 where the detector alarms). Every input is read,
 * validated and scored before anything is written; with --out the results go to temporary files
 * that are renamed into place only once all of them exist, so a bad input leaves nothing behind.
 */
export function registerAnalyticsCommands(program: Command): void {
  const analytics = program.command('analytics').description('analyse metric series (no database needed)');
  analytics
    .command('detect')
    .description('score each point of NAB-format series (timestamp,value) with the streaming anomaly detector')
    .argument('<files...>', 'CSV files with header timestamp,value and timestamps YYYY-MM-DD HH:MM:SS')
    .option('--out <dir>', 'write one result file per input, under the same file name, into this directory')
    .addHelpText(
      'after',
      '\nWith one file and no --out the result goes to stdout. Result header: timestamp,value,anomaly_score,label.',
    )
    .action((files: string[], opts: { out?: string }) => {
      process.stdout.write(detectFiles(files, opts.out));
    });
}

/** Runs detection over every file; returns what goes to stdout (nothing when writing to --out). */
export function detectFiles(files: string[], out?: string): string {
  if (files.length > 1 && !out)
    throw new ValidationError('more than one input', [{ path: 'out', message: 'give --out DIR for several inputs' }]);
  const names = new Set<string>();
  for (const file of files) {
    const name = basename(file);
    if (names.has(name))
      throw new ValidationError('inputs collide', [{ path: file, message: `another input is also named ${name}` }]);
    names.add(name);
  }
  const results = files.map((file) => {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      throw new ValidationError(`cannot read ${file}`, [{ path: file, message: (err as Error).message }]);
    }
    const parsed = parseSeriesCsv(text, file);
    const detection = detectSeries(parsed.timestamps, parsed.values);
    return { file, csv: formatResultsCsv(parsed, detection.scores, detection.alarms) };
  });
  if (!out) return results[0]!.csv;
  mkdirSync(out, { recursive: true });
  const temps: string[] = [];
  try {
    for (const r of results) {
      const temp = join(out, `.${basename(r.file)}.${process.pid}.tmp`);
      writeFileSync(temp, r.csv);
      temps.push(temp);
    }
  } catch (err) {
    for (const t of temps) rmSync(t, { force: true });
    throw err;
  }
  results.forEach((r, i) => renameSync(temps[i]!, join(out, basename(r.file))));
  return '';
}

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InternalError } from '../../src/lib/errors.ts';
import { parseTimestamp } from '../../src/analytics/series.ts';
import type { LabelledFile, Profile } from './scorer.ts';

/**
 * Loads NAB's corpus as NAB itself reads it: every file named in `labels/combined_windows.json`,
 * rows in file order (a few files repeat or step back a timestamp; NAB scores them as they are),
 * windows located by their first matching timestamp.
 */
export interface NabFile extends LabelledFile {
  timestamps: Float64Array;
  values: Float64Array;
}

export interface NabCorpus {
  dir: string;
  files: NabFile[];
  profiles: Profile[];
}

export function nabAvailable(dir: string): boolean {
  return existsSync(join(dir, 'labels/combined_windows.json')) && existsSync(join(dir, 'data'));
}

export function loadCorpus(dir: string): NabCorpus {
  const windows = JSON.parse(readFileSync(join(dir, 'labels/combined_windows.json'), 'utf8')) as Record<
    string,
    [string, string][]
  >;
  const files = Object.keys(windows)
    .sort()
    .map((name) => loadFile(dir, name, windows[name]!));
  const profilesJson = JSON.parse(readFileSync(join(dir, 'config/profiles.json'), 'utf8')) as Record<
    string,
    { CostMatrix: { tpWeight: number; fpWeight: number; fnWeight: number } }
  >;
  const profiles = Object.entries(profilesJson).map(([name, p]) => ({
    name,
    cost: { tpWeight: p.CostMatrix.tpWeight, fpWeight: p.CostMatrix.fpWeight, fnWeight: p.CostMatrix.fnWeight },
  }));
  return { dir, files, profiles };
}

function loadFile(dir: string, name: string, limits: [string, string][]): NabFile {
  const lines = readFileSync(join(dir, 'data', name), 'utf8').split('\n');
  const stamps: string[] = [];
  const values: number[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    const comma = line.indexOf(',');
    stamps.push(line.slice(0, comma));
    values.push(Number(line.slice(comma + 1)));
  }
  const firstIndex = new Map<string, number>();
  stamps.forEach((s, i) => {
    if (!firstIndex.has(s)) firstIndex.set(s, i);
  });
  const at = (stamp: string): number => {
    const i = firstIndex.get(stamp.slice(0, 19));
    if (i === undefined) throw new InternalError(`${name}: window limit ${stamp} is not a timestamp of the file`);
    return i;
  };
  return {
    name,
    rows: stamps.length,
    windows: limits.map(([a, b]) => [at(a), at(b)]),
    timestamps: Float64Array.from(stamps, parseTimestamp),
    values: Float64Array.from(values),
  };
}

/** A published `<detector>_<profile>_scores.csv`: per-file raw scores and the corpus total. */
export function readPublishedScores(
  dir: string,
  detector: string,
  profile: string,
): { threshold: number; files: Map<string, number>; total: number } {
  const text = readFileSync(join(dir, 'results', detector, `${detector}_${profile}_scores.csv`), 'utf8');
  const files = new Map<string, number>();
  let total = NaN;
  let threshold = NaN;
  for (const line of text.split('\n').slice(1)) {
    if (!line.trim()) continue;
    const cells = line.split(',');
    if (cells[0] === 'Totals') total = Number(cells[4]);
    else {
      files.set(cells[2]!, Number(cells[4]));
      threshold = Number(cells[3]);
    }
  }
  return { threshold, files, total };
}

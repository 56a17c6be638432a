/**
 * Recorded histories of real billing runs, checked in as fixtures (test/fixtures/histories) and
 * replayed against today's workflow code by test/integration/billing/replay-histories.test.ts.
 * Each file is one run: what it shows, how many commands its replay answered when it was
 * recorded, and the history `recordHistory` captured.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RecordedHistory } from '../../src/engine/index.ts';

export const HISTORIES_DIR = join(import.meta.dirname, '../fixtures/histories');

export interface HistoryFixture {
  about: string;
  /** Commands the replay answered from history when the fixture was recorded. */
  commands: number;
  history: RecordedHistory;
}

export function readHistoryFixtures(): { file: string; fixture: HistoryFixture }[] {
  return readdirSync(HISTORIES_DIR)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => ({ file, fixture: JSON.parse(readFileSync(join(HISTORIES_DIR, file), 'utf8')) as HistoryFixture }));
}

/**
 * Recorded histories of real `briefing.morning` runs (test/fixtures/histories/briefing), captured
 * by the morning scenario and replayed against today's code by
 * test/integration/briefing/replay-histories.test.ts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HistoryFixture } from './billing-histories.ts';

export const BRIEFING_HISTORIES_DIR = join(import.meta.dirname, '../fixtures/histories/briefing');

export function readBriefingHistories(): { file: string; fixture: HistoryFixture }[] {
  return readdirSync(BRIEFING_HISTORIES_DIR)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => ({
      file,
      fixture: JSON.parse(readFileSync(join(BRIEFING_HISTORIES_DIR, file), 'utf8')) as HistoryFixture,
    }));
}

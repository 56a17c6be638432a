/**
 * `psizero briefing show` and `psizero briefing send` as a user runs them: over a simulated
 * company, the three formats, reading as a role, and refusals that name what is wrong.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { beforeAll, describe, expect, it } from 'vitest';

const bin = join(import.meta.dirname, '../../../bin/psizero.js');

function cli(db: string, ...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [bin, ...args], {
    env: { ...process.env, PSIZERO_DB: db, PSIZERO_LOG_LEVEL: 'error' },
    encoding: 'utf8',
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('psizero briefing', () => {
  const db = join(mkdtempSync(join(tmpdir(), 'psizero-briefing-cli-')), 'cli.db');
  // Two mornings ago in Los Angeles: its 08:00 has certainly passed.
  const date = DateTime.now().setZone('America/Los_Angeles').minus({ days: 2 }).toISODate()!;
  const long = DateTime.fromISO(date).toFormat('cccc, LLLL d, yyyy');

  beforeAll(() => {
    const sim = cli(db, 'simulate', '--customers', '60', '--days', '60', '--seed', 'briefing-cli');
    expect(sim.code, sim.err).toBe(0);
  }, 120_000);

  it('shows the owner’s briefing as text by default', () => {
    const r = cli(db, 'briefing', 'show', '--date', date);
    expect(r.code, r.err).toBe(0);
    expect(r.out.startsWith(`🌅 Good morning, Olivia! Here's your PsiZero business update for ${long}:\n`)).toBe(true);
    expect(r.out).toContain('📊 OVERNIGHT PERFORMANCE');
    expect(r.out).toContain('• Revenue: $');
    expect(r.out).toContain('customer health changes (customer health scores are not computed yet');
    expect(r.out.trimEnd().endsWith('Ready to dive into any of these areas?')).toBe(true);
  });

  it('gives JSON and HTML, and reads as another role', () => {
    const json = cli(db, 'briefing', 'show', '--date', date, '--role', 'finance_manager', '--format', 'json');
    expect(json.code, json.err).toBe(0);
    const b = JSON.parse(json.out) as {
      date: string;
      reader: { id: string; audience: { kind: string } };
      metrics: { id: string }[];
    };
    expect(b.date).toBe(date);
    expect(b.reader).toMatchObject({ id: 'fiona', audience: { kind: 'finance' } });
    expect(b.metrics.map((m) => m.id)).toEqual(['revenue', 'conversions']);
    const html = cli(db, 'briefing', 'show', '--date', date, '--format', 'html');
    expect(html.code, html.err).toBe(0);
    expect(html.out.startsWith('<!doctype html>')).toBe(true);
    expect(html.out).toContain('OVERNIGHT PERFORMANCE');
  });

  it('refuses a role without a briefing, a morning still to come and an unknown format', () => {
    const board = cli(db, 'briefing', 'show', '--date', date, '--role', 'board');
    expect(board.code).toBe(1);
    expect(board.err).toContain('the role "board" gets no morning briefing');
    const future = cli(db, 'briefing', 'show', '--date', '2999-01-01');
    expect(future.code).toBe(1);
    expect(future.err).toContain('which is still to come');
    const format = cli(db, 'briefing', 'show', '--format', 'pdf');
    expect(format.code).not.toBe(0);
    expect(format.err).toContain('expected one of text, json, html');
  });

  it('sends a morning: composes, stores and delivers it (dashboard only without SMTP or Slack)', () => {
    const r = cli(db, 'briefing', 'send', '--date', date);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(new RegExp(`^Sent the briefing of ${date} \\(run [^)]+\\): \\d+ deliveries; urgent: `));
    const runs = JSON.parse(cli(db, 'runs', 'list', '--workflow', 'briefing.morning', '--json').out) as {
      status: string;
      input: { date: string };
    }[];
    expect(runs.map((x) => [x.status, x.input.date])).toEqual([['completed', date]]);
  });
});

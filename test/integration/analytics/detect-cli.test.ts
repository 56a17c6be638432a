import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const bin = join(import.meta.dirname, '../../../bin/psizero.js');

function cli(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** Ten days of 5-minute data with a daily cycle and one spike on the last day. */
function nabFile(): string {
  const rows = ['timestamp,value'];
  const start = Date.UTC(2014, 3, 1);
  for (let i = 0; i < 2880; i++) {
    const stamp = new Date(start + i * 300_000).toISOString().slice(0, 19).replace('T', ' ');
    const value = i === 2800 ? 400 : 50 + 30 * Math.sin((2 * Math.PI * i) / 288) + ((i * 7919) % 13) / 13;
    rows.push(`${stamp},${value.toFixed(3)}`);
  }
  return `${rows.join('\n')}\n`;
}

describe('psizero analytics detect', () => {
  const dir = mkdtempSync(join(tmpdir(), 'psizero-detect-'));
  const good = join(dir, 'good.csv');
  writeFileSync(good, nabFile());

  it('writes NAB results to stdout for one file: one row per input row, the spike labelled', () => {
    const r = cli('analytics', 'detect', good);
    expect(r.code).toBe(0);
    const lines = r.out.trimEnd().split('\n');
    expect(lines[0]).toBe('timestamp,value,anomaly_score,label');
    expect(lines).toHaveLength(2881);
    const rows = lines.slice(1).map((l) => l.split(','));
    for (const row of rows) {
      expect(row).toHaveLength(4);
      const score = Number(row[2]);
      expect(score).toBeGreaterThanOrEqual(0);
      expect(score).toBeLessThanOrEqual(1);
      expect(['0', '1']).toContain(row[3]);
    }
    expect(rows[2800]).toEqual(['2014-04-10 17:20:00', '400.000', expect.any(String), '1']);
    expect(rows[0]!.slice(0, 2)).toEqual(['2014-04-01 00:00:00', '50.000']);
  });

  it('writes one result file per input under the same name with --out', () => {
    const other = join(dir, 'other.csv');
    writeFileSync(other, nabFile());
    const out = join(dir, 'results');
    const r = cli('analytics', 'detect', good, other, '--out', out);
    expect(r.code).toBe(0);
    expect(r.out).toBe('');
    expect(readdirSync(out).sort()).toEqual(['good.csv', 'other.csv']);
    expect(readFileSync(join(out, 'good.csv'), 'utf8')).toBe(cli('analytics', 'detect', good).out);
  });

  it('rejects bad input naming file, line and field, and writes nothing', () => {
    const cases: [string, RegExp][] = [
      ['time,value\n2014-04-01 00:00:00,1\n', /bad\.csv:1 header/],
      [
        'timestamp,value\n2014-04-01 00:00:00,1\n2014-04-01 00:05,2\n',
        /bad\.csv:3 timestamp: expected YYYY-MM-DD HH:MM:SS/,
      ],
      ['timestamp,value\n2014-04-01 00:00:00,1\n2014-04-01 00:05:00,x\n', /bad\.csv:3 value: expected a finite number/],
      [
        'timestamp,value\n2014-04-01 00:05:00,1\n2014-04-01 00:00:00,2\n',
        /bad\.csv:3 timestamp: not after the previous row/,
      ],
      [
        'timestamp,value\n2014-04-01 00:00:00,1\n2014-04-01 00:05:00,1\n2014-04-01 00:10:00,1\n2014-04-01 00:12:00,1\n',
        /bad\.csv:5 timestamp: irregular step of 120 s/,
      ],
    ];
    for (const [text, message] of cases) {
      const bad = join(dir, 'bad.csv');
      writeFileSync(bad, text);
      const out = join(dir, `never-${cases.findIndex((c) => c[0] === text)}`);
      const r = cli('analytics', 'detect', good, bad, '--out', out);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/^error VALIDATION_FAILED: /);
      expect(r.err).toMatch(message);
      // the good input was not written either
      expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
    }
    expect(cli('analytics', 'detect', join(dir, 'missing.csv')).err).toMatch(
      /VALIDATION_FAILED: cannot read .*missing\.csv/,
    );
    expect(cli('analytics', 'detect', good, good).err).toMatch(/VALIDATION_FAILED: .*out: give --out DIR/);
  });
});

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const bin = join(import.meta.dirname, '../../bin/psizero.js');

function cli(db: string, ...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { env: { ...process.env, PSIZERO_DB: db }, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('psizero import and simulate', () => {
  const dir = mkdtempSync(join(tmpdir(), 'psizero-ingest-cli-'));
  const db = join(dir, 'cli.db');

  it('imports a CSV with a per-row error report, and simulates a company', () => {
    const file = join(dir, 'customers.csv');
    writeFileSync(
      file,
      [
        'id,name,plan,monthly_price_cents,employee_count,developer_team_size,signup_date,status,csm_id',
        'cus_1,One,team,24900,12,3,2025-01-02,active,sam',
        'cus_2,Two,team,lots,12,3,2025-01-02,active,sam',
        'cus_3,Three,hobby,2900,2,2,2025-01-03,trial,',
      ].join('\n'),
    );
    const imported = cli(db, 'import', 'customers', file, '--report', join(dir, 'report.json'));
    expect(imported.code).toBe(2);
    expect(imported.out).toBe(`${file}: 3 rows, 2 imported (2 written, 0 unchanged), 1 rejected\n`);
    expect(imported.err).toContain('line 3: monthlyPriceCents: expected number, received string');
    expect(JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'))).toMatchObject({
      accepted: 2,
      rejected: 1,
      errors: [{ line: 3, field: 'monthlyPriceCents' }],
    });

    expect(cli(db, 'import', 'widgets', file)).toMatchObject({
      code: 1,
      err: expect.stringContaining('UNKNOWN_ENTITY') as string,
    });

    const sim = cli(db, 'simulate', '--customers', '40', '--days', '30', '--seed', 'cli', '--end', '2025-03-31');
    expect(sim.code).toBe(0);
    expect(sim.out).toMatch(/^simulated 40 customers over 30 days \(2025-03-02 to 2025-03-31, seed cli\)/);
  });
});

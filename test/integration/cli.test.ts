import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const bin = join(import.meta.dirname, '../../bin/psizero.js');

function cli(db: string, ...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { env: { ...process.env, PSIZERO_DB: db }, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('psizero CLI', () => {
  const db = join(mkdtempSync(join(tmpdir(), 'psizero-cli-')), 'cli.db');

  it('starts, executes, lists, shows, cancels and retries runs', async () => {
    const bad = cli(db, 'runs', 'start', 'demo.order', '--input', '{"orderId":5}');
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/VALIDATION_FAILED.*orderId/);

    const ok = cli(
      db,
      'runs',
      'start',
      'demo.order',
      '--input',
      '{"orderId":"o-1","amountUsd":20}',
      '--key',
      'order-o-1',
    );
    expect(ok.code).toBe(0);
    const runId = ok.out.trim();
    expect(
      cli(db, 'runs', 'start', 'demo.order', '--input', '{"orderId":"o-1","amountUsd":20}', '--key', 'order-o-1').out,
    ).toMatch(new RegExp(`^${runId} \\(existing run for this key\\)`));
    const failing = cli(
      db,
      'runs',
      'start',
      'demo.order',
      '--input',
      '{"orderId":"o-2","amountUsd":5,"failShipping":true}',
    ).out.trim();
    const waiting = cli(db, 'runs', 'start', 'demo.await-payment', '--input', '{"orderId":"never"}').out.trim();

    // A worker process executes them; SIGTERM stops it gracefully.
    const worker = spawn(process.execPath, [bin, 'worker'], {
      env: { ...process.env, PSIZERO_DB: db },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      const list = JSON.parse(cli(db, 'runs', 'list', '--json').out) as { id: string; status: string }[];
      const status = (id: string): string | undefined => list.find((r) => r.id === id)?.status;
      if (status(runId) === 'completed' && status(failing) === 'failed' && status(waiting) === 'waiting') break;
      await new Promise((r) => setTimeout(r, 200));
    }
    worker.kill('SIGTERM');
    const exitCode = await new Promise<number | null>((resolve) => worker.once('exit', resolve));
    expect(exitCode).toBe(0);

    const table = cli(db, 'runs', 'list', '--workflow', 'demo.order').out;
    expect(table).toMatch(/RUN\s+WORKFLOW\s+VER\s+STATUS/);
    expect(table).toContain(`${runId}  demo.order  v1   completed`);
    const shown = cli(db, 'runs', 'show', failing).out;
    expect(shown).toMatch(/status\s+failed/);
    expect(shown).toMatch(/step 'ship' attempt 2 failed: carrier rejected the parcel; no more retries/);
    expect(shown).toMatch(/compensated step 'charge-card'/);
    expect(cli(db, 'runs', 'list', '--status', 'waiting').out).toContain(waiting);

    expect(cli(db, 'runs', 'cancel', waiting, '--reason', 'test over').out.trim()).toBe(`${waiting} cancelled`);
    expect(cli(db, 'runs', 'retry', failing).out.trim()).toBe(`${failing} pending`);
    const conflict = cli(db, 'runs', 'cancel', runId);
    expect(conflict.code).toBe(1);
    expect(conflict.err).toMatch(/CONFLICT: run .* has already ended \(completed\)/);
    expect(cli(db, 'runs', 'show', 'run_missing').err).toMatch(/NOT_FOUND/);
    expect(cli(db, 'runs', 'list', '--status', 'sleeping').err).toMatch(/expected one of pending/);
  }, 90_000);
});

/**
 * `psizero start` says where messages go: with nothing configured, customer email and SMS are
 * captured in the local outbox; with SMTP and Twilio configured, it names them (never a secret).
 * Printed on stdout and logged as one line.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const bin = join(import.meta.dirname, '../../bin/psizero.js');
const TOKEN = 'twilio-token-that-must-stay-secret';

/** Starts `psizero start --no-seed` until it says it is running, then stops it with SIGTERM. */
async function startOnce(env: NodeJS.ProcessEnv): Promise<{ out: string; err: string; code: number | null }> {
  const dir = mkdtempSync(join(tmpdir(), 'psizero-modes-'));
  const child = spawn(process.execPath, [bin, 'start', '--no-seed'], {
    env: { ...process.env, PSIZERO_DB: join(dir, 'start.db'), PORT: '0', PSIZERO_LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const deadline = Date.now() + 30_000;
  while (!out.includes(' running on ') && Date.now() < deadline && child.exitCode === null)
    await new Promise((r) => setTimeout(r, 100));
  child.kill('SIGTERM');
  return { out, err, code: await exited };
}

describe('psizero start: channel modes', () => {
  it('says email and SMS are captured in the local outbox when nothing is configured', async () => {
    const { out, err, code } = await startOnce({});
    expect(code).toBe(0);
    expect(out).toContain(
      'Email: captured in the local outbox, not sent (no SMTP server configured); see /outbox. Approvers are told in the dashboard.\n',
    );
    expect(out).toContain('SMS: captured in the local outbox, not sent (no SMS provider configured); see /outbox.\n');
    expect(out).toContain('Slack: not configured; approvers are not messaged on Slack.\n');
    expect(err).toMatch(/"email":"outbox","sms":"outbox","slack":"off","msg":"channel modes"/);
  }, 60_000);

  it('names the SMTP server and the Twilio number when configured, and no secret', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'psizero-modes-config-'));
    const config = join(dir, 'psizero.json');
    writeFileSync(
      config,
      JSON.stringify({
        email: {
          host: 'smtp.example.com',
          port: 2525,
          from: 'Billing <billing@example.com>',
          publicBaseUrl: 'https://ops.example.com',
        },
        sms: { provider: 'twilio', accountSid: 'AC0123456789abcdef0123456789abcdef', fromNumber: '+14155550100' },
      }),
    );
    const { out, err, code } = await startOnce({ PSIZERO_CONFIG: config, PSIZERO_TWILIO_AUTH_TOKEN: TOKEN });
    expect(code).toBe(0);
    expect(out).toContain('Email: SMTP smtp.example.com:2525, to customers and approvers.\n');
    expect(out).toContain('SMS: Twilio from +14155550100, to customers.\n');
    expect(err).toMatch(/"email":"sending","sms":"sending","slack":"off","msg":"channel modes"/);
    expect(out + err).not.toContain(TOKEN);
  }, 60_000);
});

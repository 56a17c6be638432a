/**
 * `psizero start` as a newcomer runs it: it prints where the dashboard is and a one-time sign-in
 * link for the owner, which signs them in once; the link goes to stdout only, never to the log; the
 * next start prints a new link and the old one stops working.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const bin = join(import.meta.dirname, '../../bin/psizero.js');

interface Started {
  child: ChildProcess;
  link: string;
  stdout: () => string;
  stderr: () => string;
}

/** Starts PsiZero on a free port and resolves once it printed the sign-in link and runs (stops on SIGTERM). */
function start(db: string, env: Record<string, string> = {}): Promise<Started> {
  const child = spawn(process.execPath, [bin, 'start', '--no-seed'], {
    env: { ...process.env, PSIZERO_DB: db, PORT: '0', PSIZERO_LOG_LEVEL: 'debug', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr.on('data', (b: Buffer) => (err += b.toString()));
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString();
      const link = /^ {2}(http:\/\/127\.0\.0\.1:\d+\/sign-in\/link\?token=[A-Za-z0-9_-]{43})$/m.exec(out)?.[1];
      if (link && out.includes('Ctrl-C stops')) resolve({ child, link, stdout: () => out, stderr: () => err });
    });
    child.once('exit', (code) => reject(new Error(`psizero start exited with ${code}:\n${out}\n${err}`)));
  });
}

function stopped(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode);
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

describe('psizero start', () => {
  const running: ChildProcess[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map(stopped));
  });

  it('prints a one-time sign-in link for the owner that signs them in once, and never logs it', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'psizero-start-')), 'start.db');
    const first = await start(db);
    running.push(first.child);
    expect(first.stdout()).toMatch(/Dashboard: http:\/\/127\.0\.0\.1:\d+\//);
    expect(first.stdout()).toContain('Sign in as Olivia Owens (owner) with this link, once, within 15 minutes:');
    const origin = new URL(first.link).origin;

    const page = await fetch(first.link);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Sign in as Olivia Owens');
    const cookie = /psz_signin=[^;]+/.exec(page.headers.get('set-cookie') ?? '')![0];
    const csrf = /name="_csrf" value="([^"]+)"/.exec(html)![1]!;
    const token = new URL(first.link).searchParams.get('token')!;
    const signIn = () =>
      fetch(`${origin}/sign-in/link`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, origin },
        body: new URLSearchParams({ token, _csrf: csrf }).toString(),
      });
    const ok = await signIn();
    expect(ok.status).toBe(303);
    const session = /psz_session=[^;]+/.exec(ok.headers.get('set-cookie') ?? '')![0];
    const inbox = await fetch(`${origin}/inbox`, { headers: { cookie: session }, redirect: 'manual' });
    expect(inbox.status).toBe(200);
    expect((await signIn()).status).toBe(410);

    expect(await stopped(first.child)).toBe(0);
    expect(first.stderr()).not.toContain(token);

    // The next start prints a new link; the old one no longer works.
    const second = await start(db);
    running.push(second.child);
    expect(second.link).not.toBe(first.link);
    const again = new URL(second.link);
    expect((await fetch(`${again.origin}/sign-in/link?token=${token}`)).status).toBe(410);
    expect((await fetch(second.link)).status).toBe(200);
  }, 60_000);

  it('says when demo passwords stop working because PSIZERO_DEMO_PASSWORD is gone', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'psizero-start-')), 'start.db');
    const withDemo = await start(db, { PSIZERO_DEMO_PASSWORD: 'a demo password for all' });
    running.push(withDemo.child);
    expect(withDemo.stdout()).toMatch(
      /Demo sign-in: 7 people sign in with PSIZERO_DEMO_PASSWORD until you start without it/,
    );
    expect(await stopped(withDemo.child)).toBe(0);
    const without = await start(db);
    running.push(without.child);
    expect(without.stdout()).toMatch(
      /Demo sign-in removed: PSIZERO_DEMO_PASSWORD is not set, so the demo password of 7 people \(.*\) no longer works/,
    );
  }, 60_000);
});

/** Real Chromium (Debian's package) for end-to-end tests, and the server they drive. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { startHttpServer, type RunningServer } from '../../src/http/index.ts';
import type { ApiBed } from '../helpers/api-bed.ts';

/** The README's screenshots are refreshed on request (PSIZERO_SCREENSHOTS=1); otherwise they go to a temp dir. */
export const SCREENSHOTS = process.env.PSIZERO_SCREENSHOTS
  ? fileURLToPath(new URL('../../docs/screenshots/', import.meta.url))
  : `${mkdtempSync(join(tmpdir(), 'psizero-shots-'))}/`;

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** The bed's HTTP app on an ephemeral port, with its worker running on the real clock. */
export async function serveBed(bed: ApiBed): Promise<RunningServer> {
  bed.app.engine.startWorker();
  return startHttpServer(bed.http, { port: 0, host: '127.0.0.1' });
}

export async function until<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false>,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null && value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

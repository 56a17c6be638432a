import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { Clock } from '../../src/lib/clock.ts';

/**
 * A clock several processes share through a file: the test sets the time, every worker reads it.
 * Time stands still between sets, so scenarios that span days stay deterministic across real
 * processes. `sleep(ms)` ends when the shared time has moved `ms` on or when `ms` of real time
 * has passed, whichever comes first: a worker's short poll stays live while time stands still,
 * and a long wait such as a step's timeout never fires early.
 */
export class FileClock implements Clock {
  constructor(private readonly path: string) {}

  now(): number {
    return Number(readFileSync(this.path, 'utf8'));
  }

  set(t: number): void {
    const tmp = `${this.path}.${process.pid}.tmp`;
    writeFileSync(tmp, String(t));
    // rename is atomic: a reader sees the old time or the new one, never a torn write.
    renameSync(tmp, this.path);
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    const due = this.now() + ms;
    return new Promise((resolve) => {
      if (signal?.aborted) return resolve();
      const timer = setTimeout(done, Math.max(0, ms));
      const watch = setInterval(() => {
        if (this.now() >= due) done();
      }, 10);
      function done(): void {
        clearTimeout(timer);
        clearInterval(watch);
        signal?.removeEventListener('abort', done);
        resolve();
      }
      signal?.addEventListener('abort', done, { once: true });
    });
  }
}

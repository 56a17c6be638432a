/** Time is injected everywhere so tests can move through days without sleeping. */
import { InternalError } from './errors.ts';
export interface Clock {
  now(): number;
  /** Resolves after `ms` of this clock's time; rejects never, resolves early if the signal aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve) => {
      if (signal?.aborted) return resolve();
      const timer = setTimeout(done, Math.max(0, ms));
      function done(): void {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      }
      signal?.addEventListener('abort', done, { once: true });
    }),
};

interface PendingSleep {
  due: number;
  resolve: () => void;
}

/** A clock that only moves when told to; sleepers wake when `advance`/`set` passes their due time. */
export class ManualClock implements Clock {
  private current: number;
  private sleepers: PendingSleep[] = [];

  constructor(start: number | Date = Date.UTC(2026, 0, 1)) {
    this.current = typeof start === 'number' ? start : start.getTime();
  }

  now(): number {
    return this.current;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (ms <= 0 || signal?.aborted) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const entry: PendingSleep = { due: this.current + ms, resolve };
      this.sleepers.push(entry);
      signal?.addEventListener(
        'abort',
        () => {
          this.sleepers = this.sleepers.filter((s) => s !== entry);
          resolve();
        },
        { once: true },
      );
    });
  }

  advance(ms: number): void {
    this.set(this.current + ms);
  }

  set(time: number | Date): void {
    const t = typeof time === 'number' ? time : time.getTime();
    if (t < this.current) throw new InternalError('ManualClock cannot go backwards');
    this.current = t;
    const due = this.sleepers.filter((s) => s.due <= t);
    this.sleepers = this.sleepers.filter((s) => s.due > t);
    for (const s of due) s.resolve();
  }
}

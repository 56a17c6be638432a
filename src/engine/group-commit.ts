import type { Clock } from '../lib/clock.ts';
import { silentLogger, type Logger } from '../lib/logger.ts';
import type { OpResult, Store, StoreOp } from '../store/types.ts';

interface Pending {
  op: StoreOp;
  resolve: (r: OpResult) => void;
  reject: (e: unknown) => void;
}

/**
 * Group commit: operations from every run in the process queue up while the previous transaction
 * is in flight (or until the current macrotask ends) and are made durable together, so one fsync
 * acknowledges many runs. Nothing is acknowledged before its transaction commits.
 */
export class GroupCommitter {
  private queue: Pending[] = [];
  private flushing = false;
  private scheduled = false;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly logger: Logger = silentLogger,
    private readonly maxBatch = 4_000,
  ) {}

  enqueue(op: StoreOp): Promise<OpResult> {
    return new Promise<OpResult>((resolve, reject) => {
      this.queue.push({ op, resolve, reject });
      this.schedule();
    });
  }

  get idle(): boolean {
    return !this.flushing && this.queue.length === 0;
  }

  whenIdle(): Promise<void> {
    if (this.idle) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private schedule(): void {
    if (this.scheduled || this.flushing) return;
    this.scheduled = true;
    // setImmediate lets every run that is ready in this turn add its op before the transaction.
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.maxBatch);
        try {
          const results = await this.store.apply(
            batch.map((p) => p.op),
            this.clock.now(),
          );
          batch.forEach((p, i) => p.resolve(results[i]!));
        } catch (err) {
          // The outcome of the transaction is unknown (or it rolled back): the runs involved are
          // abandoned by their executions and replayed from durable history after their leases lapse.
          this.logger.warn(
            {
              runs: batch.length,
              err,
            },
            'commit failed; its runs resume from history when their leases lapse',
          );
          for (const p of batch) p.reject(err);
        }
      }
    } finally {
      this.flushing = false;
      if (this.queue.length > 0) this.schedule();
      else this.idleWaiters.splice(0).forEach((w) => w());
    }
  }
}

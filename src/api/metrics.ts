/**
 * Prometheus metrics (prom-client, on a registry of our own: no global state). Two kinds:
 * - counters and histograms fed by the engine's observer and the HTTP layer: what THIS process
 *   did (runs started and ended, step durations, requests);
 * - gauges computed from the database at scrape time: the same global picture from every
 *   process (runs by status, timers due, open approvals and their age).
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Clock } from '../lib/clock.ts';
import type { EngineObservation } from '../engine/observer.ts';
import type { StatsRepository } from '../app/stats-repository.ts';

export interface ApiMetricsOptions {
  stats: StatsRepository;
  clock: Clock;
  /** Process metrics (CPU, memory, event loop): on for the server, off for tests. */
  processMetrics?: boolean;
}

const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];

export class ApiMetrics {
  readonly registry = new Registry();
  private readonly runsStarted: Counter<'workflow'>;
  private readonly runsCompleted: Counter<'workflow'>;
  private readonly runsFailed: Counter<'workflow'>;
  private readonly runsNeedingAttention: Counter<'workflow'>;
  private readonly stepDuration: Histogram<'workflow' | 'outcome'>;
  private readonly requests: Histogram<'method' | 'route' | 'status'>;

  constructor(options: ApiMetricsOptions) {
    const registers = [this.registry];
    const { stats, clock } = options;
    this.runsStarted = new Counter({
      name: 'psizero_runs_started_total',
      help: 'Runs whose first execution began in this process',
      labelNames: ['workflow'],
      registers,
    });
    this.runsCompleted = new Counter({
      name: 'psizero_runs_completed_total',
      help: 'Runs completed by this process',
      labelNames: ['workflow'],
      registers,
    });
    this.runsFailed = new Counter({
      name: 'psizero_runs_failed_total',
      help: 'Runs that failed in this process',
      labelNames: ['workflow'],
      registers,
    });
    this.runsNeedingAttention = new Counter({
      name: 'psizero_runs_needs_attention_total',
      help: 'Runs this process stopped for a person to look at',
      labelNames: ['workflow'],
      registers,
    });
    this.stepDuration = new Histogram({
      name: 'psizero_step_duration_seconds',
      help: 'Duration of step attempts (step names are not labels: they can hold ids)',
      labelNames: ['workflow', 'outcome'],
      buckets: SECONDS,
      registers,
    });
    this.requests = new Histogram({
      name: 'psizero_http_request_duration_seconds',
      help: 'HTTP requests by route pattern and status',
      labelNames: ['method', 'route', 'status'],
      buckets: SECONDS,
      registers,
    });

    new Gauge({
      name: 'psizero_runs',
      help: 'Runs in the database by workflow and status',
      labelNames: ['workflow', 'status'],
      registers,
      async collect() {
        this.reset();
        for (const r of await stats.runCounts()) this.set({ workflow: r.workflow, status: r.status }, r.count);
      },
    });
    const timers = async () => stats.timers(clock.now());
    new Gauge({
      name: 'psizero_timers_scheduled',
      help: 'Waiting runs with a wake-up time (timers, retry delays, wait timeouts)',
      registers,
      async collect() {
        this.set((await timers()).scheduled);
      },
    });
    new Gauge({
      name: 'psizero_timers_due',
      help: 'Wake-ups whose time has come and that no worker has picked up yet',
      registers,
      async collect() {
        this.set((await timers()).due);
      },
    });
    new Gauge({
      name: 'psizero_timers_due_oldest_age_seconds',
      help: 'How overdue the oldest due wake-up is (0 when none)',
      registers,
      async collect() {
        const { oldestDueAt } = await timers();
        this.set(oldestDueAt === null ? 0 : Math.max(0, (clock.now() - oldestDueAt) / 1000));
      },
    });
    const openApprovalGauge = (
      name: string,
      help: string,
      value: (g: { count: number; oldestCreatedAt: number; createdAtSum: number }, now: number) => number,
    ) =>
      new Gauge({
        name,
        help,
        labelNames: ['status', 'level'],
        registers,
        async collect() {
          this.reset();
          const now = clock.now();
          for (const g of await stats.openApprovals())
            this.set({ status: g.status, level: String(g.level) }, value(g, now));
        },
      });
    openApprovalGauge('psizero_approvals_open', 'Pending and escalated approvals', (g) => g.count);
    openApprovalGauge(
      'psizero_approvals_open_oldest_age_seconds',
      'Age of the oldest open approval',
      (g, now) => (now - g.oldestCreatedAt) / 1000,
    );
    openApprovalGauge(
      'psizero_approvals_open_mean_age_seconds',
      'Mean age of open approvals',
      (g, now) => (now - g.createdAtSum / g.count) / 1000,
    );

    if (options.processMetrics) collectDefaultMetrics({ register: this.registry, prefix: 'psizero_' });
  }

  /** The engine observer (`app.observeEngine(metrics.observe)`). */
  readonly observe = (o: EngineObservation): void => {
    if (o.type === 'run_started') this.runsStarted.inc({ workflow: o.workflow });
    else if (o.type === 'run_ended') {
      const counter =
        o.status === 'completed'
          ? this.runsCompleted
          : o.status === 'failed'
            ? this.runsFailed
            : this.runsNeedingAttention;
      counter.inc({ workflow: o.workflow });
    } else this.stepDuration.observe({ workflow: o.workflow, outcome: o.outcome }, o.durationMs / 1000);
  };

  /** One finished HTTP request; `route` is the pattern (never the raw path, which may hold a secret token). */
  request(method: string, route: string, status: number, seconds: number): void {
    this.requests.observe({ method, route, status: String(status) }, seconds);
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }
}

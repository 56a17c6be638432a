/**
 * An optional, read-only view of what the engine does, for metrics. Observations are reported by
 * the process that did the work (so they are per-process counts) and never influence execution:
 * the engine swallows whatever an observer throws.
 */
export type EngineObservation =
  /** A run's first invocation began (its history held only `run_started`). */
  | { type: 'run_started'; runId: string; workflow: string }
  /** An invocation ended the run, or left it needing a person. */
  | { type: 'run_ended'; runId: string; workflow: string; status: 'completed' | 'failed' | 'needs_attention' }
  /** One attempt of a step body finished; `durationMs` is measured on the engine's clock. */
  | {
      type: 'step_finished';
      runId: string;
      workflow: string;
      step: string;
      outcome: 'completed' | 'failed';
      durationMs: number;
    };

export type EngineObserver = (observation: EngineObservation) => void;

/** Wraps an optional observer so that a throwing one cannot disturb a run. */
export function safeObserver(observer: EngineObserver | undefined): EngineObserver {
  if (observer === undefined) return () => undefined;
  return (observation) => {
    try {
      observer(observation);
    } catch {
      // Metrics are best effort; a broken observer must never change what a run does.
    }
  };
}

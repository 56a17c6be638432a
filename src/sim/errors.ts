import { PsiZeroError } from '../lib/errors.ts';

/** The ingestion services rejected records the simulator produced: a bug in the simulator, never bad input. */
export class SimulationInvariantError extends PsiZeroError {
  constructor(message: string, details?: unknown) {
    super('SIMULATION_INVALID', message, { kind: 'internal', retryable: false, details });
  }
}

/**
 * One error hierarchy for the whole project: every error has a stable `code` that callers and the
 * HTTP layer can switch on, and a `retryable` flag that the engine's retry policy honours.
 */
export interface FieldIssue {
  path: string;
  message: string;
}

export interface SerializedError {
  name: string;
  code: string;
  message: string;
  retryable: boolean;
  stack?: string;
  details?: unknown;
}

export class PsiZeroError extends Error {
  readonly code: string;
  readonly retryable: boolean;
  readonly details?: unknown;

  constructor(
    code: string,
    message: string,
    options: { retryable?: boolean; details?: unknown; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.details = options.details;
  }
}

/** Bad input at a boundary. Carries field paths; maps to HTTP 400. */
export class ValidationError extends PsiZeroError {
  readonly issues: FieldIssue[];
  constructor(message: string, issues: FieldIssue[]) {
    super('VALIDATION_FAILED', `${message}: ${issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}`, {
      details: { issues },
    });
    this.issues = issues;
  }
}

export class NotFoundError extends PsiZeroError {
  constructor(what: string, id: string) {
    super('NOT_FOUND', `${what} ${id} not found`);
  }
}

export class ConflictError extends PsiZeroError {
  constructor(message: string) {
    super('CONFLICT', message);
  }
}

/** Thrown by step code to say that trying again cannot help (a hard card decline, a 4xx). */
export class NonRetryableError extends PsiZeroError {
  constructor(message: string, options: { code?: string; details?: unknown; cause?: unknown } = {}) {
    super(options.code ?? 'NON_RETRYABLE', message, {
      retryable: false,
      details: options.details,
      cause: options.cause,
    });
  }
}

/** Replay met a command that differs from the recorded history: the workflow code changed under a live run. */
export class NonDeterminismError extends PsiZeroError {
  constructor(message: string) {
    super('NON_DETERMINISM', message);
  }
}

export class StepTimeoutError extends PsiZeroError {
  constructor(step: string, timeoutMs: number) {
    super('STEP_TIMEOUT', `step '${step}' attempt timed out after ${timeoutMs} ms`, { retryable: true });
  }
}

/** What workflow code sees when a step has failed for good; wraps the last attempt's error. */
export class StepFailedError extends PsiZeroError {
  readonly step: string;
  readonly attempts: number;
  readonly lastError: SerializedError;
  constructor(step: string, attempts: number, lastError: SerializedError) {
    super('STEP_FAILED', `step '${step}' failed after ${attempts} attempt(s): ${lastError.message}`, {
      details: { step, attempts, lastError },
    });
    this.step = step;
    this.attempts = attempts;
    this.lastError = lastError;
  }
}

export class ChildFailedError extends PsiZeroError {
  readonly childRunId: string;
  constructor(childRunId: string, status: string, error: SerializedError | null) {
    super('CHILD_FAILED', `child run ${childRunId} ended ${status}${error ? `: ${error.message}` : ''}`, {
      details: { childRunId, status, error },
    });
    this.childRunId = childRunId;
  }
}

export class RestoredError extends PsiZeroError {
  constructor(serialized: SerializedError) {
    super(serialized.code, serialized.message, { retryable: serialized.retryable, details: serialized.details });
    this.name = serialized.name;
    if (serialized.stack) this.stack = serialized.stack;
  }
}

/** Errors become plain JSON in history; anything that is not ours keeps its name and message and counts as retryable. */
export function serializeError(err: unknown): SerializedError {
  if (err instanceof PsiZeroError) {
    const out: SerializedError = { name: err.name, code: err.code, message: err.message, retryable: err.retryable };
    if (err.stack) out.stack = err.stack;
    if (err.details !== undefined) out.details = err.details;
    return out;
  }
  if (err instanceof Error) {
    const out: SerializedError = { name: err.name, code: 'ERROR', message: err.message, retryable: true };
    if (err.stack) out.stack = err.stack;
    return out;
  }
  return { name: 'Error', code: 'ERROR', message: String(err), retryable: true };
}

export function deserializeError(serialized: SerializedError): PsiZeroError {
  return new RestoredError(serialized);
}

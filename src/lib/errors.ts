/**
 * One error hierarchy for the whole project. Every error has
 * - a stable `code` that callers, the CLI and API clients switch on;
 * - a `kind` saying what sort of failure it is, from which the HTTP status is derived in exactly one
 *   place (`src/http/shared/errors.ts`), so a new code never becomes a 500 by omission;
 * - an explicit `retryable` flag that the engine's retry policy honours.
 *
 * The retry rule: an error of this hierarchy is retried exactly when it says `retryable`. Anything
 * else (a library's `TypeError`, a socket's `ECONNRESET`) is treated as transient and retried,
 * because that is what unknown failures from the outside world usually are. So our own code never
 * throws a bare `Error` for a condition it understands (eslint forbids it in domain/ and workflows/):
 * it throws a typed error that says whether another attempt can help.
 */
export interface FieldIssue {
  path: string;
  message: string;
}

export const ERROR_KINDS = [
  /** Bad input: a field, a body, a choice that is not offered (HTTP 400). */
  'invalid',
  /** No credentials, or unknown/expired ones (401). */
  'unauthenticated',
  /** Known caller without the right to do this (403). */
  'forbidden',
  'not_found',
  /** The state moved on: already decided, already used, a lost compare-and-set (409). */
  'conflict',
  /** It existed once and is gone for good: an expired link (410). */
  'gone',
  /** The request is larger than the server accepts (413). */
  'too_large',
  /** Too many attempts; try again later (429). */
  'rate_limited',
  /** An outside system or a resource is down or busy (503); usually retryable. */
  'unavailable',
  /** A bug, a broken invariant or a misconfiguration (500). */
  'internal',
] as const;

export type ErrorKind = (typeof ERROR_KINDS)[number];

export interface SerializedError {
  name: string;
  code: string;
  /** Absent in histories written before kinds existed; read as `internal`. */
  kind?: ErrorKind;
  message: string;
  retryable: boolean;
  stack?: string;
  details?: unknown;
}

export interface ErrorOptions {
  kind?: ErrorKind;
  retryable?: boolean;
  details?: unknown;
  cause?: unknown;
}

export class PsiZeroError extends Error {
  readonly code: string;
  readonly kind: ErrorKind;
  readonly retryable: boolean;
  readonly details?: unknown;

  constructor(code: string, message: string, options: ErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.kind = options.kind ?? 'internal';
    this.retryable = options.retryable ?? false;
    this.details = options.details;
  }
}

/** Bad input at a boundary. Carries field paths. */
export class ValidationError extends PsiZeroError {
  readonly issues: FieldIssue[];
  constructor(message: string, issues: FieldIssue[], code = 'VALIDATION_FAILED') {
    super(code, `${message}: ${issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}`, {
      kind: 'invalid',
      retryable: false,
      details: { issues },
    });
    this.issues = issues;
  }
}

export class NotFoundError extends PsiZeroError {
  constructor(what: string, id: string, code = 'NOT_FOUND') {
    super(code, `${what} ${id} not found`, { kind: 'not_found', retryable: false });
  }
}

export class ConflictError extends PsiZeroError {
  constructor(message: string, code = 'CONFLICT') {
    super(code, message, { kind: 'conflict', retryable: false });
  }
}

/** A broken invariant or a misuse of an internal API: a bug, never the caller's input. */
export class InternalError extends PsiZeroError {
  constructor(message: string, code = 'INTERNAL') {
    super(code, message, { kind: 'internal', retryable: false });
  }
}

/** Something the running process needs is switched off or missing from its configuration. */
export class NotConfiguredError extends PsiZeroError {
  constructor(code: string, message: string) {
    super(code, message, { kind: 'not_found', retryable: false });
  }
}

/** Thrown by step code to say that trying again cannot help (a hard card decline, a 4xx). */
export class NonRetryableError extends PsiZeroError {
  constructor(message: string, options: { code?: string; kind?: ErrorKind; details?: unknown; cause?: unknown } = {}) {
    super(options.code ?? 'NON_RETRYABLE', message, {
      kind: options.kind ?? 'internal',
      retryable: false,
      details: options.details,
      cause: options.cause,
    });
  }
}

/** Replay met a command that differs from the recorded history: the workflow code changed under a live run. */
export class NonDeterminismError extends PsiZeroError {
  constructor(message: string) {
    super('NON_DETERMINISM', message, { kind: 'internal', retryable: false });
  }
}

export class StepTimeoutError extends PsiZeroError {
  constructor(step: string, timeoutMs: number) {
    super('STEP_TIMEOUT', `step '${step}' attempt timed out after ${timeoutMs} ms`, {
      kind: 'unavailable',
      retryable: true,
    });
  }
}

/**
 * What workflow code sees when a step has failed for good. `cause` is the last attempt's error as
 * it came back from history (see `deserializeError`): switch on `cause.code`.
 */
export class StepFailedError extends PsiZeroError {
  readonly step: string;
  readonly attempts: number;
  readonly lastError: SerializedError;
  declare readonly cause: PsiZeroError;
  constructor(step: string, attempts: number, lastError: SerializedError) {
    super('STEP_FAILED', `step '${step}' failed after ${attempts} attempt(s): ${lastError.message}`, {
      kind: 'internal',
      retryable: false,
      details: { step, attempts, lastError },
      cause: deserializeError(lastError),
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
      kind: 'internal',
      retryable: false,
      details: { childRunId, status, error },
      ...(error ? { cause: deserializeError(error) } : {}),
    });
    this.childRunId = childRunId;
  }
}

/** Errors become plain JSON in history; anything that is not ours keeps its name and message and counts as retryable. */
export function serializeError(err: unknown): SerializedError {
  if (err instanceof PsiZeroError) {
    const out: SerializedError = {
      name: err.name,
      code: err.code,
      kind: err.kind,
      message: err.message,
      retryable: err.retryable,
    };
    if (err.stack) out.stack = err.stack;
    if (err.details !== undefined) out.details = err.details;
    return out;
  }
  if (err instanceof Error) {
    const out: SerializedError = {
      name: err.name,
      code: 'ERROR',
      kind: 'internal',
      message: err.message,
      retryable: true,
    };
    if (err.stack) out.stack = err.stack;
    return out;
  }
  return { name: 'Error', code: 'ERROR', kind: 'internal', message: String(err), retryable: true };
}

/**
 * An error read back from history, in another process perhaps, as a PsiZeroError with the name,
 * code, kind, retryable flag, details and stack it had when it was recorded. Its class is not
 * rebuilt (constructors differ and may have side effects): the stable `code` is the contract.
 */
export function deserializeError(serialized: SerializedError): PsiZeroError {
  const restored = new PsiZeroError(serialized.code, serialized.message, {
    kind: serialized.kind ?? 'internal',
    retryable: serialized.retryable,
    details: serialized.details,
  });
  restored.name = serialized.name;
  if (serialized.stack) restored.stack = serialized.stack;
  return restored;
}

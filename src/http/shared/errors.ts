/**
 * One error shape for every API answer: `{ error: { code, message, issues? } }`. The status comes
 * from the error's `kind`, here and nowhere else; anything outside the hierarchy is a 500 with a
 * generic message (the details go to the log, never to the caller).
 */
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { PsiZeroError, ValidationError, type ErrorKind, type FieldIssue } from '../../lib/errors.ts';

export interface ErrorBody {
  error: { code: string; message: string; issues?: FieldIssue[] };
}

export interface MappedError {
  status: ContentfulStatusCode;
  body: ErrorBody;
  /** True for a 5xx: a bug or an outage, worth logging in full. */
  internal: boolean;
}

export const HTTP_STATUS_BY_KIND: Readonly<Record<ErrorKind, ContentfulStatusCode>> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  gone: 410,
  too_large: 413,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
};

export function httpStatusOf(err: PsiZeroError): ContentfulStatusCode {
  return HTTP_STATUS_BY_KIND[err.kind];
}

/** An error raised by the HTTP layer itself (body parsing, content type, size) with a stable code. */
export class HttpInputError extends PsiZeroError {
  constructor(code: string, kind: 'invalid' | 'too_large', message: string) {
    super(code, message, { kind, retryable: false });
  }
}

function body(code: string, message: string, issues?: FieldIssue[]): ErrorBody {
  return { error: issues === undefined ? { code, message } : { code, message, issues } };
}

function fromHttpException(err: HTTPException): MappedError {
  if (err.status === 415) {
    return {
      status: 400,
      body: body('UNSUPPORTED_MEDIA_TYPE', 'the request body must be sent with a supported Content-Type'),
      internal: false,
    };
  }
  if (err.status === 400 && /json/i.test(err.message)) {
    return { status: 400, body: body('MALFORMED_JSON', 'the request body is not valid JSON'), internal: false };
  }
  if (err.status < 500)
    return { status: err.status, body: body('BAD_REQUEST', err.message || 'bad request'), internal: false };
  return { status: 500, body: body('INTERNAL', 'internal error'), internal: true };
}

export function mapError(err: unknown): MappedError {
  if (err instanceof PsiZeroError) {
    const status = httpStatusOf(err);
    if (status >= 500) return { status, body: body('INTERNAL', 'internal error'), internal: true };
    const issues = err instanceof ValidationError ? err.issues : undefined;
    return { status, body: body(err.code, err.message, issues), internal: false };
  }
  if (err instanceof HTTPException) return fromHttpException(err);
  return { status: 500, body: body('INTERNAL', 'internal error'), internal: true };
}

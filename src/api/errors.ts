/**
 * One error shape for every API answer: `{ error: { code, message, issues? } }`. Typed errors map
 * to a status by class or stable code; anything unexpected is a 500 with a generic message (the
 * details go to the log, never to the caller).
 */
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { APPROVAL_REFUSAL_HTTP_STATUS, ApprovalLinkError, ApprovalRefusedError } from '../approvals/index.ts';
import { AuthError } from '../auth/index.ts';
import { PsiZeroError, ValidationError, type FieldIssue } from '../errors.ts';

export interface ErrorBody {
  error: { code: string; message: string; issues?: FieldIssue[] };
}

export interface MappedError {
  status: ContentfulStatusCode;
  body: ErrorBody;
  /** True for a 500: a bug or an outage, worth logging in full. */
  internal: boolean;
}

/** Codes that are not ValidationErrors, with their status. */
const STATUS_BY_CODE: Readonly<Record<string, ContentfulStatusCode>> = {
  NOT_FOUND: 404,
  CONFLICT: 409,
  LINK_INVALID: 400,
  LINK_EXPIRED: 410,
  LINK_USED: 409,
  LINKS_DISABLED: 404,
  CSV_FORMAT_INVALID: 400,
};

/** An error raised by the HTTP layer itself (body parsing, content type, size) with a stable code. */
export class HttpInputError extends PsiZeroError {
  readonly status: ContentfulStatusCode;
  constructor(code: string, status: ContentfulStatusCode, message: string) {
    super(code, message);
    this.status = status;
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
  if (err instanceof ValidationError)
    return { status: 400, body: body(err.code, err.message, err.issues), internal: false };
  if (err instanceof AuthError)
    return { status: err.status as ContentfulStatusCode, body: body(err.code, err.message), internal: false };
  if (err instanceof ApprovalRefusedError) {
    return {
      status: APPROVAL_REFUSAL_HTTP_STATUS[err.code] as ContentfulStatusCode,
      body: body(err.code, err.message),
      internal: false,
    };
  }
  if (err instanceof HttpInputError) return { status: err.status, body: body(err.code, err.message), internal: false };
  if (err instanceof ApprovalLinkError || (err instanceof PsiZeroError && STATUS_BY_CODE[err.code] !== undefined)) {
    return { status: STATUS_BY_CODE[err.code] ?? 400, body: body(err.code, err.message), internal: false };
  }
  if (err instanceof HTTPException) return fromHttpException(err);
  return { status: 500, body: body('INTERNAL', 'internal error'), internal: true };
}

import { HTTPException } from 'hono/http-exception';
import { describe, expect, it } from 'vitest';
import { ApprovalLinkError, ApprovalRefusedError } from '../../../src/approvals/index.ts';
import { AuthError } from '../../../src/auth/index.ts';
import { mapError } from '../../../src/http/index.ts';
import { ConflictError, NotFoundError, PsiZeroError, ValidationError } from '../../../src/lib/errors.ts';
import { ActionValidationError } from '../../../src/policy/index.ts';
import { safeNext } from '../../../src/http/web/routes/session.ts';

const statusOf = (err: unknown): [number, string] => {
  const m = mapError(err);
  return [m.status, m.body.error.code];
};

describe('error mapping', () => {
  it('maps typed errors to their status with a stable code', () => {
    expect(statusOf(new ValidationError('bad', [{ path: 'a', message: 'x' }]))).toEqual([400, 'VALIDATION_FAILED']);
    expect(mapError(new ActionValidationError([{ path: 'id', message: 'required' }])).body).toEqual({
      error: {
        code: 'ACTION_INVALID',
        message: 'invalid action: id: required',
        issues: [{ path: 'id', message: 'required' }],
      },
    });
    expect(statusOf(new NotFoundError('run', 'r1'))).toEqual([404, 'NOT_FOUND']);
    expect(statusOf(new ConflictError('ended'))).toEqual([409, 'CONFLICT']);
    expect(statusOf(new AuthError('UNAUTHENTICATED', 'x'))).toEqual([401, 'UNAUTHENTICATED']);
    expect(statusOf(new AuthError('CSRF_FAILED', 'x'))).toEqual([403, 'CSRF_FAILED']);
    expect(statusOf(new AuthError('TOO_MANY_ATTEMPTS', 'x'))).toEqual([429, 'TOO_MANY_ATTEMPTS']);
    expect(statusOf(new ApprovalRefusedError('NOT_AUTHORIZED', 'a', 'x'))).toEqual([403, 'NOT_AUTHORIZED']);
    expect(statusOf(new ApprovalRefusedError('ALREADY_DECIDED', 'a', 'x'))).toEqual([409, 'ALREADY_DECIDED']);
    expect(statusOf(new ApprovalRefusedError('REASON_REQUIRED', 'a', 'x'))).toEqual([400, 'REASON_REQUIRED']);
    expect(statusOf(new ApprovalLinkError('LINK_USED', 'x'))).toEqual([409, 'LINK_USED']);
    expect(statusOf(new ApprovalLinkError('LINK_EXPIRED', 'x'))).toEqual([410, 'LINK_EXPIRED']);
    expect(statusOf(new HTTPException(400, { message: 'Malformed JSON in request body' }))).toEqual([
      400,
      'MALFORMED_JSON',
    ]);
    expect(statusOf(new HTTPException(415, { message: 'Unsupported Media Type' }))).toEqual([
      400,
      'UNSUPPORTED_MEDIA_TYPE',
    ]);
  });

  it('hides everything about unexpected errors', () => {
    const mapped = mapError(new Error('connection string postgres://user:secret@db'));
    expect(mapped).toEqual({
      status: 500,
      body: { error: { code: 'INTERNAL', message: 'internal error' } },
      internal: true,
    });
    expect(mapError(new PsiZeroError('SOMETHING_NEW', 'detail')).internal).toBe(true);
  });
});

describe('after sign-in', () => {
  it('only returns to our own pages', () => {
    expect(safeNext('/runs?status=failed')).toBe('/runs?status=failed');
    for (const bad of [
      '//evil.example',
      'https://evil.example',
      '/\\evil',
      '/sign-out',
      undefined,
      'javascript:alert(1)',
    ])
      expect(safeNext(bad)).toBe('/');
  });
});

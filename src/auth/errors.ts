/** Authentication and authorisation failures, with the kind of failure each is. */
import { PsiZeroError, type ErrorKind } from '../lib/errors.ts';

export const AUTH_ERROR_KIND = {
  /** No credentials, or credentials that are unknown, revoked or expired. */
  UNAUTHENTICATED: 'unauthenticated',
  /** A sign-in with a wrong person or password (deliberately not saying which). */
  INVALID_CREDENTIALS: 'unauthenticated',
  /** Authenticated, but no role of the caller may use this route. */
  FORBIDDEN: 'forbidden',
  /** A cookie-authenticated change without the session's CSRF token, or from another origin. */
  CSRF_FAILED: 'forbidden',
  /** The route acts as a person (deciding an approval) and the API key is bound to nobody. */
  PERSON_REQUIRED: 'forbidden',
  /** Too many failed sign-ins for this person; try again later. */
  TOO_MANY_ATTEMPTS: 'rate_limited',
  /** A one-time sign-in link that was used, expired or replaced by a newer one. */
  SIGN_IN_LINK_UNUSABLE: 'gone',
} as const satisfies Record<string, ErrorKind>;

export type AuthErrorCode = keyof typeof AUTH_ERROR_KIND;

export class AuthError extends PsiZeroError {
  declare readonly code: AuthErrorCode;

  constructor(code: AuthErrorCode, message: string) {
    super(code, message, { kind: AUTH_ERROR_KIND[code], retryable: false });
  }
}

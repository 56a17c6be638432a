/** Authentication and authorisation failures, with the HTTP status each maps to. */
import { PsiZeroError } from '../errors.ts';

export const AUTH_ERROR_STATUS = {
  /** No credentials, or credentials that are unknown, revoked or expired. */
  UNAUTHENTICATED: 401,
  /** A sign-in with a wrong person or password (deliberately not saying which). */
  INVALID_CREDENTIALS: 401,
  /** Authenticated, but no role of the caller may use this route. */
  FORBIDDEN: 403,
  /** A cookie-authenticated change without the session's CSRF token, or from another origin. */
  CSRF_FAILED: 403,
  /** The route acts as a person (deciding an approval) and the API key is bound to nobody. */
  PERSON_REQUIRED: 403,
  /** Too many failed sign-ins for this person; try again later. */
  TOO_MANY_ATTEMPTS: 429,
} as const;

export type AuthErrorCode = keyof typeof AUTH_ERROR_STATUS;

export class AuthError extends PsiZeroError {
  declare readonly code: AuthErrorCode;

  constructor(code: AuthErrorCode, message: string) {
    super(code, message);
  }

  get status(): number {
    return AUTH_ERROR_STATUS[this.code];
  }
}

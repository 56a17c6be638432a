/**
 * The session cookie: HTTP-only (scripts cannot read it), SameSite=Lax (other sites' forms and
 * scripts do not carry it; a link from an email still opens the dashboard signed in), Secure with
 * the `__Host-` prefix when served over HTTPS (never sent in clear, bound to this host).
 */
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';

/** The session cookie's name over plain HTTP, and over HTTPS (bound to the host). */
export const SESSION_COOKIE = 'psz_session';
export const HOST_BOUND_SESSION_COOKIE = `__Host-${SESSION_COOKIE}`;
/** Double-submit token for the sign-in form, which has no session yet. */
const LOGIN_CSRF = 'psz_signin';

export function readSessionToken(c: Context): string | undefined {
  return getCookie(c, HOST_BOUND_SESSION_COOKIE) ?? getCookie(c, SESSION_COOKIE);
}

/** Max-Age, not Expires: the browser counts from its own clock, so PsiZero's (injected) clock cannot make it stale. */
export function setSessionCookie(c: Context, token: string, ttlMs: number, secure: boolean): void {
  setCookie(c, secure ? HOST_BOUND_SESSION_COOKIE : SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'Lax',
    secure,
    path: '/',
    maxAge: Math.floor(ttlMs / 1000),
  });
}

export function clearSessionCookie(c: Context, secure: boolean): void {
  deleteCookie(c, secure ? HOST_BOUND_SESSION_COOKIE : SESSION_COOKIE, {
    path: '/',
    secure,
    httpOnly: true,
    sameSite: 'Lax',
  });
}

export function readSignInToken(c: Context): string | undefined {
  return getCookie(c, LOGIN_CSRF);
}

export function setSignInToken(c: Context, token: string, secure: boolean): void {
  setCookie(c, LOGIN_CSRF, token, { httpOnly: true, sameSite: 'Strict', secure, path: '/sign-in', maxAge: 3_600 });
}

/**
 * Resolves the caller once per request: an API key (`Authorization: Bearer psz_...` or
 * `X-API-Key`) or else the session cookie. Presented-but-invalid keys are remembered so the 401
 * says why; the key itself is never logged or echoed.
 */
import type { MiddlewareHandler } from 'hono';
import { readSessionToken } from './cookies.ts';
import type { ApiEnv } from './env.ts';
import type { AuthPort } from './services.ts';

function presentedKey(authorization: string | undefined, apiKey: string | undefined): string | undefined {
  if (apiKey !== undefined) return apiKey.trim();
  const match = authorization === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  return match?.[1];
}

export function authenticate(auth: Pick<AuthPort, 'authenticateKey' | 'resolveSession'>): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    c.set('principal', null);
    c.set('credentialProblem', null);
    const authorization = c.req.header('authorization');
    const key = presentedKey(authorization, c.req.header('x-api-key'));
    if (key !== undefined || authorization !== undefined) {
      const principal = key === undefined ? null : await auth.authenticateKey(key);
      c.set('principal', principal);
      if (principal === null) c.set('credentialProblem', 'the API key is not valid or has been revoked');
      return next();
    }
    const token = readSessionToken(c);
    if (token !== undefined) {
      const principal = await auth.resolveSession(token);
      c.set('principal', principal);
      if (principal === null) c.set('credentialProblem', 'your session has ended; sign in again');
    }
    return next();
  };
}

/**
 * Cross-site request forgery defences for cookie-authenticated changes: the request must come
 * from one of our own origins (Origin, else Referer; a browser always sends one of them on a
 * cross-site POST) and carry the session's synchronizer token, in the `X-CSRF-Token` header or
 * the form's `_csrf` field. Bearer-key requests need neither: browsers never attach those.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { AuthError } from '../../auth/index.ts';
import { HttpInputError } from './errors.ts';
import { allowedOrigins, type HttpSettings } from './http-settings.ts';

export function tokensEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Refuses a request whose Origin (or Referer) names another site. */
export function checkOrigin(c: Context, settings: HttpSettings): void {
  const origin = c.req.header('origin');
  const referer = c.req.header('referer');
  let from: string | null = null;
  if (origin !== undefined) from = origin;
  else if (referer !== undefined) {
    try {
      from = new URL(referer).origin;
    } catch {
      from = 'null';
    }
  }
  if (from !== null && !allowedOrigins(c, settings).includes(from)) {
    throw new AuthError('CSRF_FAILED', 'this request came from another site');
  }
}

const FORM_TYPES = /^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i;

/** The parsed form body (cached by Hono for later readers), or null when the request is not a form. */
export async function formBody(c: Context): Promise<Record<string, unknown> | null> {
  if (!FORM_TYPES.test(c.req.header('content-type') ?? '')) return null;
  try {
    return await c.req.parseBody();
  } catch {
    throw new HttpInputError('MALFORMED_BODY', 'invalid', 'the form body could not be read');
  }
}

export async function checkCsrfToken(c: Context, expected: string): Promise<void> {
  let token = c.req.header('x-csrf-token');
  if (token === undefined) {
    const form = await formBody(c);
    token = typeof form?._csrf === 'string' ? form._csrf : undefined;
  }
  if (token === undefined || !tokensEqual(token, expected)) {
    throw new AuthError('CSRF_FAILED', 'missing or wrong CSRF token; reload the page and try again');
  }
}

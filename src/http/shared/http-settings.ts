/**
 * How the server is reached from outside, for cookie flags and Origin checks. Behind a
 * TLS-terminating proxy (`http.trustProxy`) the proxy's X-Forwarded-Proto/Host describe what the
 * browser used; otherwise the request URL does.
 */
import type { Context } from 'hono';

export interface HttpSettings {
  trustProxy: boolean;
  /** The configured public URL (`http.publicUrl`), if any. */
  publicUrl: string | null;
}

export function requestOrigin(c: Context, settings: HttpSettings): string {
  const url = new URL(c.req.url);
  if (!settings.trustProxy) return url.origin;
  const proto = c.req.header('x-forwarded-proto')?.split(',')[0]?.trim();
  const host = c.req.header('x-forwarded-host')?.split(',')[0]?.trim();
  return `${proto === 'https' || proto === 'http' ? proto : url.protocol.slice(0, -1)}://${host ?? url.host}`;
}

export function isHttps(c: Context, settings: HttpSettings): boolean {
  return requestOrigin(c, settings).startsWith('https:');
}

/** Origins a browser form or script of ours may post from. */
export function allowedOrigins(c: Context, settings: HttpSettings): string[] {
  const origins = [requestOrigin(c, settings)];
  if (settings.publicUrl !== null) origins.push(new URL(settings.publicUrl).origin);
  return origins;
}

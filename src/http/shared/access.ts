/**
 * Every route declares who may call it. `guard.allow(access)` is the middleware that enforces the
 * declaration, and it carries the declaration with it, so the route table (and the test that walks
 * every route with every role) is read from the app itself: a route added without a guard has no
 * declaration and fails that test.
 *
 * Unsafe methods from a signed-in browser session are also checked for CSRF here, before any
 * handler or validator runs.
 */
import type { Hono, MiddlewareHandler } from 'hono';
import { AuthError, accessRolesOf } from '../../auth/index.ts';
import { checkCsrfToken, checkOrigin } from './csrf.ts';
import type { ApiEnv } from './env.ts';
import type { HttpSettings } from './http-settings.ts';

export type Access =
  /** Anyone; `reason` says what protects the route instead (a signature, a signed token, nothing to protect). */
  | { kind: 'public'; reason: string }
  /** Callers holding at least one of these roles (policy roles, machine roles, or `person`). */
  | { kind: 'roles'; roles: readonly string[] };

export interface RouteDeclaration {
  access: Access;
  /** A dashboard page: signed-out visitors are sent to the sign-in page instead of getting a 401. */
  page: boolean;
}

const DECLARATION = Symbol.for('psizero.route-declaration');

type Guarded = MiddlewareHandler<ApiEnv> & { [DECLARATION]: RouteDeclaration };

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface Guard {
  allow(access: Access, options?: { page?: boolean }): MiddlewareHandler<ApiEnv>;
}

export function createGuard(settings: HttpSettings): Guard {
  return {
    allow(access, options = {}) {
      const declaration: RouteDeclaration = { access, page: options.page ?? false };
      const middleware: MiddlewareHandler<ApiEnv> = async (c, next) => {
        if (access.kind === 'public') return next();
        const principal = c.get('principal');
        if (principal === null) {
          if (declaration.page)
            return c.redirect(`/sign-in?next=${encodeURIComponent(new URL(c.req.url).pathname)}`, 303);
          throw new AuthError(
            'UNAUTHENTICATED',
            c.get('credentialProblem') ?? 'sign in or send an API key (Authorization: Bearer psz_...)',
          );
        }
        const held = accessRolesOf(principal);
        if (!access.roles.some((role) => held.includes(role))) {
          throw new AuthError('FORBIDDEN', `this needs one of the roles ${access.roles.join(', ')}`);
        }
        if (principal.kind === 'person' && !SAFE_METHODS.has(c.req.method)) {
          checkOrigin(c, settings);
          await checkCsrfToken(c, principal.csrfToken);
        }
        return next();
      };
      return Object.assign(middleware, { [DECLARATION]: declaration });
    },
  };
}

export function declarationOf(handler: unknown): RouteDeclaration | undefined {
  return typeof handler === 'function' ? (handler as Partial<Guarded>)[DECLARATION] : undefined;
}

export interface RouteEntry {
  method: string;
  /** Hono's path pattern, e.g. `/api/runs/:id`. */
  path: string;
  declaration: RouteDeclaration | undefined;
}

/** Every route the app answers (global `*` middleware left out), with its declaration if it has one. */
export function routeTable(app: Hono<ApiEnv>): RouteEntry[] {
  const byRoute = new Map<string, RouteEntry>();
  for (const r of app.routes) {
    if (r.method === 'ALL' && r.path === '/*') continue;
    const key = `${r.method} ${r.path}`;
    const entry = byRoute.get(key) ?? { method: r.method, path: r.path, declaration: undefined };
    entry.declaration ??= declarationOf(r.handler);
    byRoute.set(key, entry);
  }
  return [...byRoute.values()];
}

/**
 * One route module on a throwaway router, the way Hono tests its middleware: the module gets its
 * ports (fakes), the real guard and validation hook, and a stub authentication that makes each
 * request's caller whoever the test names. Requests go through `router.request()`.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import type { KeyPrincipal, MachineRole, PersonPrincipal, Principal } from '../../src/auth/index.ts';
import { createGuard, type Guard } from '../../src/http/shared/access.ts';
import type { ApiEnv } from '../../src/http/shared/env.ts';
import { mapError } from '../../src/http/shared/errors.ts';
import type { ApiRouter } from '../../src/http/shared/router.ts';
import { validationHook } from '../../src/http/shared/validation.ts';

export interface RouteRequest {
  /** The caller; none: no credentials. */
  as?: Principal;
  json?: unknown;
  /** A form post, as the dashboard's forms send it. */
  form?: Record<string, string>;
}

export interface RouteBed {
  router: ApiRouter;
  request(method: string, path: string, options?: RouteRequest): Promise<Response>;
}

const ORIGIN = 'http://localhost';

export function routeBed(register: (router: ApiRouter, guard: Guard) => void): RouteBed {
  const router: ApiRouter = new OpenAPIHono<ApiEnv>({ defaultHook: validationHook });
  const callers = new Map<string, Principal>();
  router.use('*', async (c, next) => {
    c.set('principal', callers.get(c.req.header('x-test-caller') ?? '') ?? null);
    c.set('credentialProblem', null);
    await next();
  });
  register(router, createGuard({ trustProxy: false, publicUrl: null }));
  router.onError((err, c) => {
    const mapped = mapError(err);
    return c.json(mapped.body, mapped.status);
  });
  return {
    router,
    async request(method, path, options = {}) {
      const headers: Record<string, string> = { origin: ORIGIN };
      if (options.as !== undefined) {
        const id = String(callers.size + 1);
        callers.set(id, options.as);
        headers['x-test-caller'] = id;
        if (options.as.kind === 'person') headers['x-csrf-token'] = options.as.csrfToken;
      }
      let body: string | undefined;
      if (options.json !== undefined) {
        headers['content-type'] = 'application/json';
        body = JSON.stringify(options.json);
      } else if (options.form !== undefined) {
        headers['content-type'] = 'application/x-www-form-urlencoded';
        body = new URLSearchParams(options.form).toString();
      }
      return router.request(`${ORIGIN}${path}`, { method, headers, body, redirect: 'manual' });
    },
  };
}

export function keyCaller(role: MachineRole, personId: string | null = null): KeyPrincipal {
  return { kind: 'key', keyId: `key_${role}`, name: `${role} key`, role, personId };
}

export function personCaller(personId: string, ...roles: string[]): PersonPrincipal {
  return {
    kind: 'person',
    personId,
    name: personId,
    roles,
    sessionId: `session_${personId}`,
    csrfToken: `csrf_${personId}`,
  };
}

/** The JSON body of a response, typed by the caller. */
export async function bodyOf<T>(res: Response): Promise<T> {
  return (await res.json()) as T;
}

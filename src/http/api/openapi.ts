/**
 * The OpenAPI document serves clients as well as people: every operation names itself
 * (`operationId`) and its security, the document names its server, and a generated client drives
 * the API in the tests. A route's security is derived from the same access rule its guard
 * enforces, so the two cannot disagree.
 */
import { createRoute, type RouteConfig } from '@hono/zod-openapi';
import { isMachineRole } from '../../auth/index.ts';
import type { Access, Guard } from '../shared/access.ts';
import { publicAccess } from '../shared/access-rules.ts';
import { SESSION_COOKIE, HOST_BOUND_SESSION_COOKIE } from '../shared/cookies.ts';
import { requestOrigin, type HttpSettings } from '../shared/http-settings.ts';
import type { ApiRouter } from '../shared/router.ts';

export const OPENAPI_INFO = {
  title: 'PsiZero API',
  version: '1',
  description:
    'Runs, approvals, the audit log and the autonomy policy of a PsiZero installation. Authenticate with an API key ' +
    '(`Authorization: Bearer psz_...`, from `psizero keys create`) or a dashboard session (cookie; unsafe methods also need ' +
    "the session's `X-CSRF-Token`). Errors: `{ error: { code, message, issues? } }`. Times are epoch milliseconds.",
  // Not open source (package.json: UNLICENSED); SPDX's LicenseRef- form names a license of one's own.
  license: { name: 'Proprietary', identifier: 'LicenseRef-Proprietary' },
};

const SECURITY_SCHEMES = {
  apiKey: {
    type: 'http',
    scheme: 'bearer',
    description: 'An API key from `psizero keys create` (psz_...); `X-API-Key: psz_...` is accepted too',
  },
  session: {
    type: 'apiKey',
    in: 'cookie',
    name: SESSION_COOKIE,
    description: `A dashboard session from signing in on /sign-in (over HTTPS the cookie is \`${HOST_BOUND_SESSION_COOKIE}\`)`,
  },
  csrfToken: {
    type: 'apiKey',
    in: 'header',
    name: 'X-CSRF-Token',
    description: "The session's synchronizer token; a session needs it for every unsafe method",
  },
} as const;

type SecurityRequirement = Partial<Record<keyof typeof SECURITY_SCHEMES, string[]>>;

const TAGS = [
  { name: 'runs', description: 'Workflow runs: list, start, inspect, cancel, retry' },
  { name: 'approvals', description: 'The approval inbox and decisions' },
  { name: 'notifications', description: "The caller's dashboard notifications" },
  { name: 'audit', description: 'The tamper-evident audit log' },
  { name: 'policy', description: 'The effective autonomy policy and what it would decide' },
  { name: 'business', description: 'Customers, invoices and support tickets' },
  { name: 'billing', description: 'Entitlements and payment recovery' },
  { name: 'briefings', description: "The morning briefing: the caller's own cut of each morning, and rating it" },
  { name: 'ingestion', description: 'Business data in: batches, CSV files, Stripe webhooks' },
  { name: 'channels', description: 'Callbacks of the channels PsiZero speaks through' },
  { name: 'system', description: 'Liveness and metrics' },
];

/**
 * Who may call an operation, in OpenAPI terms: API keys carry machine roles and sessions carry
 * people's roles, so an access rule says which of the two can pass; a session's unsafe request
 * also needs its CSRF token.
 */
export function securityOf(access: Access, method: string): SecurityRequirement[] {
  if (access.kind === 'public') return [];
  const requirements: SecurityRequirement[] = [];
  if (access.roles.some((role) => isMachineRole(role))) requirements.push({ apiKey: [] });
  if (access.roles.some((role) => !isMachineRole(role)))
    requirements.push(method === 'get' ? { session: [] } : { session: [], csrfToken: [] });
  return requirements;
}

/** A route whose guard and declared security both come from one access rule. */
export function guardedRoute<
  P extends string,
  R extends Omit<RouteConfig, 'path' | 'middleware' | 'security'> & { path: P; operationId: string },
>(guard: Guard, access: Access, route: R) {
  return createRoute({
    ...route,
    middleware: [guard.allow(access)] as const,
    security: securityOf(access, route.method),
  });
}

/**
 * `GET /openapi.json`. The server is the configured public URL, else the origin the request came
 * to (so a client generated from the document reaches the same server).
 */
export function registerOpenApiDocument(router: ApiRouter, guard: Guard, settings: HttpSettings): void {
  for (const [name, scheme] of Object.entries(SECURITY_SCHEMES))
    router.openAPIRegistry.registerComponent('securitySchemes', name, scheme);
  router.get('/openapi.json', guard.allow(publicAccess('the API description is public')), (c) => {
    const url = (settings.publicUrl ?? requestOrigin(c, settings)).replace(/\/+$/, '');
    return c.json(
      router.getOpenAPI31Document({ openapi: '3.1.0', info: OPENAPI_INFO, servers: [{ url }], tags: TAGS }),
    );
  });
}

/** The HTTP API and the server that carries it (and the dashboard, src/web). */
export {
  routeTable,
  declarationOf,
  type Access,
  type Guard,
  type RouteDeclaration,
  type RouteEntry,
} from './access.ts';
export { BUSINESS_READERS, OVERSIGHT_ROLES, RULES, publicAccess, seesAllApprovals } from './access-rules.ts';
export { decidableAs, deciderOf, inboxOf, isInvolved, visibleApproval } from './approval-access.ts';
export {
  checkCustomerInScope,
  customerFilterFor,
  customerInScope,
  customerScope,
  type CustomerScope,
} from './business-scope.ts';
export { tokensEqual, checkOrigin, checkCsrfToken, formBody } from './csrf.ts';
export { clearSessionCookie, readSignInToken, setSessionCookie, setSignInToken } from './cookies.ts';
export type { ApiEnv, ApiVariables } from './env.ts';
export {
  HTTP_STATUS_BY_KIND,
  HttpInputError,
  httpStatusOf,
  mapError,
  type ErrorBody,
  type MappedError,
} from './errors.ts';
export { createHttpApp, isJsonPath, type HttpApp, type HttpAppOptions } from './http-app.ts';
export { allowedOrigins, isHttps, requestOrigin, type HttpSettings } from './http-settings.ts';
export { ApiMetrics, type ApiMetricsOptions } from './metrics.ts';
export type { ApiRouter, RouteDeps } from './route-deps.ts';
export type { SlackInteractionsHandler } from './routes/slack.ts';
export { OPENAPI_INFO } from './routes/system.ts';
export { publicApproval, publicHistory, publicRun, withoutStacks } from './schemas.ts';
export { startHttpServer, type RunningServer } from './server.ts';
export { issuesOf, parseOrThrow } from './validation.ts';

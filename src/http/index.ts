/** The HTTP API and the server that carries it (and the dashboard, src/web). */
export {
  routeTable,
  declarationOf,
  type Access,
  type Guard,
  type RouteDeclaration,
  type RouteEntry,
} from './shared/access.ts';
export { BUSINESS_READERS, OVERSIGHT_ROLES, RULES, publicAccess, seesAllApprovals } from './shared/access-rules.ts';
export { decidableAs, deciderOf, inboxOf, isInvolved, visibleApproval } from './shared/approval-access.ts';
export {
  checkCustomerInScope,
  customerFilterFor,
  customerInScope,
  customerScope,
  type CustomerScope,
} from './shared/business-scope.ts';
export { tokensEqual, checkOrigin, checkCsrfToken, formBody } from './shared/csrf.ts';
export { clearSessionCookie, readSignInToken, setSessionCookie, setSignInToken } from './shared/cookies.ts';
export type { ApiEnv, ApiVariables } from './shared/env.ts';
export {
  HTTP_STATUS_BY_KIND,
  HttpInputError,
  httpStatusOf,
  mapError,
  type ErrorBody,
  type MappedError,
} from './shared/errors.ts';
export { createHttpApp, isJsonPath, type HttpApp, type HttpAppOptions } from './http-app.ts';
export { allowedOrigins, isHttps, requestOrigin, type HttpSettings } from './shared/http-settings.ts';
export { ApiMetrics, type ApiMetricsOptions } from './shared/metrics.ts';
export type { ApiRouter, RouteDeps } from './shared/router.ts';
export type { SlackInteractionsHandler } from './api/routes/slack.ts';
export { OPENAPI_INFO } from './api/routes/system.ts';
export { publicApproval, publicHistory, publicRun, withoutStacks } from './api/schemas.ts';
export { startHttpServer, type RunningServer } from './server.ts';
export { issuesOf, parseOrThrow } from './shared/validation.ts';

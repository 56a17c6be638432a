/**
 * The HTTP edge: the JSON API (`api/`), the dashboard (`web/`) and what both stand on (`shared/`),
 * composed on one router and served on one port.
 */
export { httpServicesOf } from './app-services.ts';
export {
  composeHttpApp,
  createHttpApp,
  isJsonPath,
  type HttpApp,
  type HttpAppOptions,
  type HttpHandler,
} from './http-app.ts';
export { startHttpServer, type RunningServer } from './server.ts';
export {
  routeTable,
  declarationOf,
  type Access,
  type Guard,
  type RouteDeclaration,
  type RouteEntry,
} from './shared/access.ts';
export { RULES, publicAccess } from './shared/access-rules.ts';
export type { ApiEnv, ApiVariables } from './shared/env.ts';
export {
  HTTP_STATUS_BY_KIND,
  HttpInputError,
  httpStatusOf,
  mapError,
  type ErrorBody,
  type MappedError,
} from './shared/errors.ts';
export type { HttpSettings } from './shared/http-settings.ts';
export type * from './shared/services.ts';

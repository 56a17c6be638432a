/**
 * The HTTP application: the JSON API (OpenAPI-described), the dashboard and the email-link pages
 * on one Hono app, in front of one App. Order of the global middleware: security headers, request
 * log (a child logger per request), body size limits, authentication; then each route's guard
 * (roles, CSRF), its validators and its handler. Every error becomes the one JSON shape, or an
 * error page for dashboard pages.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import type { App } from '../app/create-app.ts';
import type { Logger } from '../lib/logger.ts';
import { registerApiRoutes } from './api/index.ts';
import { httpServicesOf } from './app-services.ts';
import { createGuard } from './shared/access.ts';
import { authenticate } from './shared/authenticate.ts';
import type { ApiEnv } from './shared/env.ts';
import { HttpInputError, mapError, type MappedError } from './shared/errors.ts';
import type { HttpSettings } from './shared/http-settings.ts';
import { ApiMetrics } from './shared/metrics.ts';
import { requestLog } from './shared/request-log.ts';
import type { ApiRouter } from './shared/router.ts';
import type { HttpServices, SlackInteractionsHandler } from './shared/services.ts';
import { validationHook } from './shared/validation.ts';
import { registerWebRoutes, renderErrorPage } from './web/index.ts';
import { silentLogger } from '../lib/logger.ts';

export interface HttpAppOptions {
  /** Request log lines go here (none when null or absent). */
  logger?: Logger | null;
  /** Slack's interactions handler; default: the app's (`app.channels`; null without Slack: the route answers 404). */
  slackInteractions?: SlackInteractionsHandler | null;
  /** Add process metrics (CPU, memory, event loop) to /metrics. */
  processMetrics?: boolean;
}

/** The composed router, ready to serve. */
export interface HttpHandler {
  router: ApiRouter;
  metrics: ApiMetrics;
  fetch: (request: Request) => Response | Promise<Response>;
}

export interface HttpApp extends HttpHandler {
  /** Stops observing the engine (the App itself is closed by its owner). */
  close(): void;
}

const MiB = 1024 * 1024;
/** JSON requests and forms are small; ingestion (CSV files, batches) may be large. */
const BODY_LIMITS = { default: MiB, ingest: 32 * MiB };

/** Refuses a larger body before anything reads it. */
function limitBody(): ReturnType<typeof bodyLimit> {
  const onError = (): never => {
    throw new HttpInputError('PAYLOAD_TOO_LARGE', 'too_large', 'the request body is too large');
  };
  const small = bodyLimit({ maxSize: BODY_LIMITS.default, onError });
  const large = bodyLimit({ maxSize: BODY_LIMITS.ingest, onError });
  return (c, next) => (c.req.path.startsWith('/api/ingest/') ? large : small)(c, next);
}

/** Paths answered with JSON errors; everything else is a page and gets an error page. */
const JSON_PATHS = /^\/(api|v1|webhooks|slack)\/|^\/(metrics|healthz|openapi\.json)$/;

export function isJsonPath(path: string): boolean {
  return JSON_PATHS.test(path);
}

/** Only our own scripts, styles and form targets; no framing. */
function securityHeaders(): ReturnType<typeof secureHeaders> {
  return secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:'],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      baseUri: ["'none'"],
      objectSrc: ["'none'"],
    },
    // Approval links carry their token in the path: never hand it to another site as a Referer.
    referrerPolicy: 'same-origin',
  });
}

/** Every error as the one JSON shape, or as an error page for dashboard pages; 5xx details go to the log only. */
function answerErrors(router: ApiRouter, logger: Logger): void {
  const answer = (c: Context<ApiEnv>, mapped: MappedError): Response | Promise<Response> =>
    isJsonPath(c.req.path) ? c.json(mapped.body, mapped.status) : renderErrorPage(c, mapped);
  router.onError((err, c) => {
    const mapped = mapError(err);
    // The request's own child logger when the request log ran, so the line carries its id.
    const log = (c.var.log as Logger | undefined) ?? logger;
    if (mapped.internal) log.error({ method: c.req.method, route: c.req.routePath, err }, 'request failed');
    return answer(c, mapped);
  });
  router.notFound((c) =>
    answer(c, {
      status: 404,
      body: { error: { code: 'NOT_FOUND', message: 'no such page or endpoint' } },
      internal: false,
    }),
  );
}

/** The HTTP app in front of an App: services built in one place (`app-services.ts`), the engine observed for metrics. */
export function createHttpApp(app: App, options: HttpAppOptions = {}): HttpApp {
  const services = httpServicesOf(app);
  // Null is a choice (no Slack here); only an absent option falls back to the app's handler.
  const slackInteractions =
    options.slackInteractions === undefined ? services.slackInteractions : options.slackInteractions;
  const settings: HttpSettings = {
    trustProxy: app.config.http.trustProxy,
    publicUrl: app.config.http.publicUrl ?? null,
  };
  const handler = composeHttpApp({ ...services, slackInteractions }, settings, options);
  return { ...handler, close: app.observeEngine(handler.metrics.observe) };
}

/** The API and the dashboard on one router, over any set of services (the App's, or a test's fakes). */
export function composeHttpApp(
  services: HttpServices,
  settings: HttpSettings,
  options: Pick<HttpAppOptions, 'logger' | 'processMetrics'> = {},
): HttpHandler {
  const logger = options.logger ?? silentLogger;
  const metrics = new ApiMetrics({
    stats: services.stats,
    clock: services.clock,
    processMetrics: options.processMetrics ?? false,
  });
  const router: ApiRouter = new OpenAPIHono<ApiEnv>({ defaultHook: validationHook });
  const guard = createGuard(settings);

  router.use('*', securityHeaders());
  router.use('*', requestLog(logger, metrics));
  router.use('*', limitBody());
  router.use('*', authenticate(services.auth));

  registerApiRoutes(router, { ...services, guard, settings, metrics });
  registerWebRoutes(router, { ...services, guard, settings });
  answerErrors(router, logger);

  return { router, metrics, fetch: (request) => router.fetch(request) };
}

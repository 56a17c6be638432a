/**
 * The HTTP application: the JSON API (OpenAPI-described), the dashboard and the email-link pages
 * on one Hono app, in front of one App. Order of the global middleware: security headers, body
 * size limits, authentication, request log; then each route's guard (roles, CSRF), its validators
 * and its handler. Every error becomes the one JSON shape, or an error page for dashboard pages.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import type { App } from '../app/create-app.ts';
import type { Logger } from '../lib/logger.ts';
import { renderErrorPage, registerWebRoutes } from './web/index.ts';
import { createGuard } from './shared/access.ts';
import { authenticate } from './shared/authenticate.ts';
import type { ApiEnv } from './shared/env.ts';
import { HttpInputError, mapError, type MappedError } from './shared/errors.ts';
import type { HttpSettings } from './shared/http-settings.ts';
import { ApiMetrics } from './shared/metrics.ts';
import { requestLog } from './shared/request-log.ts';
import type { ApiRouter, RouteDeps } from './shared/router.ts';
import { registerApprovalRoutes } from './api/routes/approvals.ts';
import { registerAuditRoutes } from './api/routes/audit.ts';
import { registerBillingRoutes } from './api/routes/billing.ts';
import { registerBusinessRoutes } from './api/routes/business.ts';
import { registerIngestionRoutes } from './api/routes/ingestion.ts';
import { registerNotificationRoutes } from './api/routes/notifications.ts';
import { registerPolicyRoutes } from './api/routes/policy.ts';
import { registerRunRoutes } from './api/routes/runs.ts';
import { registerSlackRoutes, type SlackInteractionsHandler } from './api/routes/slack.ts';
import { registerSystemRoutes } from './api/routes/system.ts';
import { validationHook } from './shared/validation.ts';

export interface HttpAppOptions {
  /** Request log lines go here (none when null or absent). */
  logger?: Logger | null;
  /** Slack's interactions handler; default: the app's (`app.channels`, null without Slack: the route answers 404). */
  slackInteractions?: SlackInteractionsHandler | null;
  /** Add process metrics (CPU, memory, event loop) to /metrics. */
  processMetrics?: boolean;
}

export interface HttpApp {
  router: ApiRouter;
  metrics: ApiMetrics;
  fetch: (request: Request) => Response | Promise<Response>;
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

export function createHttpApp(app: App, options: HttpAppOptions = {}): HttpApp {
  const logger = options.logger ?? null;
  const settings: HttpSettings = {
    trustProxy: app.config.http.trustProxy,
    publicUrl: app.config.http.publicUrl ?? null,
  };
  const metrics = new ApiMetrics({
    stats: app.repositories.stats,
    clock: app.engine.clock,
    processMetrics: options.processMetrics ?? false,
  });
  const unobserve = app.observeEngine(metrics.observe);
  const router: ApiRouter = new OpenAPIHono<ApiEnv>({ defaultHook: validationHook });
  const deps: RouteDeps = { app, guard: createGuard(settings), settings };

  router.use(
    '*',
    secureHeaders({
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
    }),
  );
  router.use('*', limitBody());
  router.use('*', authenticate(app.auth));
  router.use('*', requestLog(logger, metrics));

  registerSystemRoutes(router, deps, metrics);
  registerRunRoutes(router, deps);
  registerApprovalRoutes(router, deps);
  registerNotificationRoutes(router, deps);
  registerAuditRoutes(router, deps);
  registerPolicyRoutes(router, deps);
  registerBusinessRoutes(router, deps);
  registerBillingRoutes(router, deps);
  registerIngestionRoutes(router, deps);
  registerSlackRoutes(
    router,
    deps,
    options.slackInteractions === undefined ? app.channels.slackInteractions : options.slackInteractions,
  );
  registerWebRoutes(router, deps);
  router.openAPIRegistry.registerComponent('securitySchemes', 'apiKey', {
    type: 'http',
    scheme: 'bearer',
    description: 'An API key from `psizero keys create` (psz_...)',
  });

  const answer = (c: Context<ApiEnv>, mapped: MappedError): Response | Promise<Response> =>
    isJsonPath(c.req.path) ? c.json(mapped.body, mapped.status) : renderErrorPage(c, mapped);

  router.onError((err, c) => {
    const mapped = mapError(err);
    if (mapped.internal) logger?.error({ method: c.req.method, route: c.req.routePath, err }, 'request failed');
    return answer(c, mapped);
  });
  router.notFound((c) =>
    answer(c, {
      status: 404,
      body: { error: { code: 'NOT_FOUND', message: 'no such page or endpoint' } },
      internal: false,
    }),
  );

  return { router, metrics, fetch: (request) => router.fetch(request), close: unobserve };
}

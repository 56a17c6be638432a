/** What route modules are built from. */
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { App } from '../../app/create-app.ts';
import type { Guard } from './access.ts';
import type { ApiEnv } from './env.ts';
import type { HttpSettings } from './http-settings.ts';

export type ApiRouter = OpenAPIHono<ApiEnv>;

export interface RouteDeps {
  app: App;
  guard: Guard;
  settings: HttpSettings;
}

/** The router every route module registers on, and what each is given besides its services. */
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Guard } from './access.ts';
import type { ApiEnv } from './env.ts';

export type ApiRouter = OpenAPIHono<ApiEnv>;

/** The guard enforces (and records) each route's access declaration. */
export interface Guarded {
  guard: Guard;
}

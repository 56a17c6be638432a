/**
 * `psizero start` serves the API and the dashboard: demo passwords first (when configured), then
 * the HTTP server, then one line saying where to open it. Returns how to stop it again.
 */
import type { App } from '../app/create-app.ts';
import { createHttpApp, startHttpServer } from '../http/index.ts';
import { createLogger } from '../lib/logger.ts';

export async function startDashboard(app: App): Promise<() => Promise<void>> {
  const demo = app.config.auth.demoPassword;
  if (demo !== undefined) {
    const given = await app.auth.seedPasswords(demo);
    if (given.length > 0)
      process.stdout.write(`Demo sign-in: ${given.length} people can sign in with the configured demo password.\n`);
  }
  const http = createHttpApp(app, { logger: createLogger(), processMetrics: true });
  const server = await startHttpServer(http, { port: app.config.http.port, host: app.config.http.host });
  const url = (app.config.http.publicUrl ?? server.url).replace(/\/$/, '');
  process.stdout.write(`Dashboard: ${url}/   API: ${url}/api   OpenAPI: ${url}/openapi.json\n`);
  if ((await app.repositories.auth.listPasswordHolders()).length === 0) {
    process.stdout.write(
      'Nobody can sign in yet: run `psizero users set-password <personId>`, or start with PSIZERO_DEMO_PASSWORD set.\n',
    );
  }
  return async () => {
    await server.close();
    http.close();
  };
}

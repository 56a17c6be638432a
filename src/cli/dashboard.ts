/**
 * `psizero start` serves the API and the dashboard: demo passwords first (given, or removed when
 * no longer configured), then the HTTP server, then where to open it and a one-time sign-in link
 * for the owner, so whoever started PsiZero is in the dashboard at once. The link goes to stdout
 * only, never through the logger: logs are kept and shipped, a terminal is not.
 */
import type { App } from '../app/create-app.ts';
import { createHttpApp, startHttpServer } from '../http/index.ts';
import { createLogger } from '../lib/logger.ts';
import { holdersOfRole } from '../policy/index.ts';

export async function startDashboard(app: App): Promise<() => Promise<void>> {
  await applyDemoPassword(app);
  const http = createHttpApp(app, { logger: createLogger(), processMetrics: true });
  const server = await startHttpServer(http, { port: app.config.http.port, host: app.config.http.host });
  const url = (app.config.http.publicUrl ?? server.url).replace(/\/$/, '');
  process.stdout.write(`Dashboard: ${url}/   API: ${url}/api   OpenAPI: ${url}/openapi.json\n`);
  const linked = await printOwnerSignInLink(app, url);
  if (!linked && (await app.repositories.auth.listPasswordHolders()).length === 0) {
    process.stdout.write(
      'Nobody can sign in yet: run `psizero users set-password <personId>`, or start with PSIZERO_DEMO_PASSWORD set.\n',
    );
  }
  return async () => {
    await server.close();
    http.close();
  };
}

async function applyDemoPassword(app: App): Promise<void> {
  const demo = await app.auth.applyDemoPassword(app.config.auth.demoPassword);
  if (demo.holders.length > 0)
    process.stdout.write(
      `Demo sign-in: ${demo.holders.length} people sign in with PSIZERO_DEMO_PASSWORD until you start without it.\n`,
    );
  if (demo.removed.length > 0)
    process.stdout.write(
      `Demo sign-in removed: PSIZERO_DEMO_PASSWORD is not set, so the demo password of ${demo.removed.length} people (${demo.removed.join(', ')}) no longer works and their sessions ended.\n`,
    );
}

/** Prints a new one-time link for the directory's owner (older unused ones stop working); false when there is none. */
async function printOwnerSignInLink(app: App, url: string): Promise<boolean> {
  const minutes = app.config.auth.signInLinkMinutes;
  const owner = holdersOfRole(app.policy.directory, 'owner')[0];
  if (minutes === 0 || owner === undefined) return false;
  const { token } = await app.auth.createSignInLink(owner.id, minutes * 60_000);
  process.stdout.write(
    `Sign in as ${owner.name} (owner) with this link, once, within ${minutes} minutes:\n  ${url}/sign-in/link?token=${token}\n`,
  );
  return true;
}

/**
 * createApp wires the channels from config: the gate notifies through ChannelNotifier (dashboard
 * always; Slack and email when configured), and with Slack the interactions handler is ready for
 * the HTTP layer, verifying signatures with the configured signing secret.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../../src/app/create-app.ts';
import { loadConfig } from '../../../src/app/config.ts';
import { ChannelNotifier, slackSignature } from '../../../src/channels/index.ts';

describe('channels in the app', () => {
  const dir = mkdtempSync(join(tmpdir(), 'psizero-channels-app-'));
  let app: App | null = null;
  afterEach(async () => {
    await app?.close();
    app = null;
  });

  it('notifies through the dashboard alone when no channel is configured', async () => {
    app = await createApp(loadConfig({ env: { PSIZERO_DB: join(dir, 'plain.db') } }));
    expect(app.gate.notifier).toBe(app.channels.notifier);
    expect(app.channels.notifier).toBeInstanceOf(ChannelNotifier);
    expect(app.channels.notifier.channels).toEqual({ email: false, slack: false });
    expect(app.channels.slackInteractions).toBeNull();
    expect(await app.repositories.notifications.countUnread('fiona')).toBe(0);
  });

  it('adds SMTP and Slack from config and serves signed Slack interactions', async () => {
    const file = join(dir, 'channels.json');
    writeFileSync(
      file,
      JSON.stringify({
        email: {
          host: '127.0.0.1',
          port: 2525,
          requireTls: false,
          from: 'PsiZero <psizero@example.com>',
          publicBaseUrl: 'https://ops.example.com',
        },
      }),
    );
    const secret = 'app-wiring-signing-secret-0123';
    app = await createApp(
      loadConfig({
        file,
        env: {
          PSIZERO_DB: join(dir, 'channels.db'),
          PSIZERO_SLACK_BOT_TOKEN: 'xoxb-1-2-wiring',
          PSIZERO_SLACK_SIGNING_SECRET: secret,
        },
      }),
    );
    expect(app.channels.notifier.channels).toEqual({ email: true, slack: true });
    const handler = app.channels.slackInteractions!;
    const body = new URLSearchParams({
      payload: JSON.stringify({ type: 'shortcut', user: { id: 'U01FINMGR' } }),
    }).toString();
    const ts = String(Math.floor(Date.now() / 1000));
    const post = (signature: string): Request =>
      new Request('http://localhost/slack/interactions', {
        method: 'POST',
        body,
        headers: { 'x-slack-request-timestamp': ts, 'x-slack-signature': signature },
      });
    expect((await handler(post(slackSignature('a-different-signing-secret', ts, body)))).status).toBe(401);
    expect((await handler(post(slackSignature(secret, ts, body)))).status).toBe(200);
  });
});

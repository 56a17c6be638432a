import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/app/config.ts';
import { ValidationError } from '../../../src/lib/errors.ts';

describe('email and slack configuration', () => {
  const dir = mkdtempSync(join(tmpdir(), 'psizero-channel-config-'));
  const file = (name: string, doc: unknown): string => {
    const path = join(dir, name);
    writeFileSync(path, JSON.stringify(doc));
    return path;
  };
  const issues = (fn: () => unknown): { path: string; message: string }[] => {
    try {
      fn();
    } catch (err) {
      expect(err).toBeInstanceOf(ValidationError);
      return (err as ValidationError).issues;
    }
    throw new Error('expected a validation error');
  };

  it('has no channels unless configured', () => {
    const c = loadConfig({ env: {} });
    expect(c.email).toBeUndefined();
    expect(c.slack).toBeUndefined();
  });

  it('reads SMTP settings with secure defaults and takes the password from the environment', () => {
    const path = file('email.json', {
      email: {
        host: 'smtp.example.com',
        user: 'psizero',
        from: 'PsiZero <psizero@example.com>',
        publicBaseUrl: 'https://ops.example.com',
      },
    });
    const c = loadConfig({ file: path, env: { PSIZERO_SMTP_PASSWORD: 'from-the-env' } });
    expect(c.email).toEqual({
      host: 'smtp.example.com',
      port: 587,
      secure: false,
      requireTls: true,
      rejectUnauthorized: true,
      user: 'psizero',
      password: 'from-the-env',
      from: 'PsiZero <psizero@example.com>',
      publicBaseUrl: 'https://ops.example.com',
    });
  });

  it('names each bad field, never echoing a secret, and needs somewhere for email links to point', () => {
    const bad = file('bad.json', {
      email: { host: '', port: 70_000, user: 'psizero', from: 'x', publicBaseUrl: 'ftp://files' },
      slack: { botToken: 'xoxp-user-token-secret', signingSecret: 'short' },
    });
    const found = issues(() => loadConfig({ file: bad, env: {} }));
    expect(found.map((i) => i.path).sort()).toEqual([
      'email.from',
      'email.host',
      'email.password',
      'email.port',
      'email.publicBaseUrl',
      'slack.botToken',
      'slack.signingSecret',
    ]);
    expect(JSON.stringify(found)).not.toContain('xoxp-user-token-secret');

    const noUrl = file('no-url.json', { email: { host: 'smtp.example.com', from: 'psizero@example.com' } });
    const missing = issues(() => loadConfig({ file: noUrl, env: {} }));
    expect(missing.map((i) => i.path)).toEqual(['email.publicBaseUrl']);
    expect(missing[0]?.message).toContain('http.publicUrl');
    expect(
      loadConfig({ file: noUrl, env: { PSIZERO_PUBLIC_URL: 'https://ops.example.com' } }).email?.publicBaseUrl,
    ).toBeUndefined();
  });

  it('enables Slack from the environment alone, with the default API base', () => {
    const c = loadConfig({
      env: { PSIZERO_SLACK_BOT_TOKEN: 'xoxb-1-2-abc', PSIZERO_SLACK_SIGNING_SECRET: '0123456789abcdef0123' },
    });
    expect(c.slack).toEqual({
      botToken: 'xoxb-1-2-abc',
      signingSecret: '0123456789abcdef0123',
      apiBase: 'https://slack.com/api',
    });
    const local = file('slack.json', { slack: { apiBase: 'http://127.0.0.1:9999/api' } });
    expect(
      loadConfig({
        file: local,
        env: { PSIZERO_SLACK_BOT_TOKEN: 'xoxb-1-2-abc', PSIZERO_SLACK_SIGNING_SECRET: '0123456789abcdef0123' },
      }).slack?.apiBase,
    ).toBe('http://127.0.0.1:9999/api');
  });
});

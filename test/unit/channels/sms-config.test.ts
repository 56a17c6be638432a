/** The `sms` section: Twilio's account and number from the file, the auth token from the environment only. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/app/config.ts';
import { channelModes } from '../../../src/channels/index.ts';
import { ValidationError } from '../../../src/lib/errors.ts';

const SID = 'AC0123456789abcdef0123456789abcdef';
const TOKEN = 'twilio-auth-token-from-the-environment';

describe('sms configuration', () => {
  const dir = mkdtempSync(join(tmpdir(), 'psizero-sms-config-'));
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
      expect((err as ValidationError).message).not.toContain(TOKEN);
      return (err as ValidationError).issues;
    }
    throw new Error('expected a validation error');
  };

  it('has no SMS provider unless configured, even with a token in the environment', () => {
    expect(loadConfig({ env: { PSIZERO_TWILIO_AUTH_TOKEN: TOKEN } }).sms).toBeUndefined();
  });

  it('reads Twilio from the file and the auth token from PSIZERO_TWILIO_AUTH_TOKEN', () => {
    const path = file('twilio.json', { sms: { provider: 'twilio', accountSid: SID, fromNumber: '+14155550100' } });
    expect(loadConfig({ file: path, env: { PSIZERO_TWILIO_AUTH_TOKEN: TOKEN } }).sms).toEqual({
      provider: 'twilio',
      accountSid: SID,
      fromNumber: '+14155550100',
      apiBase: 'https://api.twilio.com',
      authToken: TOKEN,
    });
  });

  it('names each bad field', () => {
    const bad = file('bad.json', {
      sms: { provider: 'nexmo', accountSid: 'AC123', fromNumber: '415-555-0100', apiBase: 'ftp://x', extra: 1 },
    });
    expect(issues(() => loadConfig({ file: bad, env: { PSIZERO_TWILIO_AUTH_TOKEN: TOKEN } }))).toEqual([
      { path: 'sms.provider', message: 'expected one of "twilio"' },
      { path: 'sms.accountSid', message: 'expected a Twilio Account SID (AC and 32 hex digits)' },
      { path: 'sms.fromNumber', message: 'expected a phone number in E.164 form, e.g. +14155550123' },
      { path: 'sms.apiBase', message: 'Invalid URL' },
      { path: 'sms.extra', message: 'unknown field' },
    ]);
  });

  it('needs the token from the environment, and refuses one written in the file', () => {
    const path = file('no-token.json', { sms: { provider: 'twilio', accountSid: SID, fromNumber: '+14155550100' } });
    expect(issues(() => loadConfig({ file: path, env: {} }))).toEqual([
      { path: 'sms.authToken', message: 'required: set PSIZERO_TWILIO_AUTH_TOKEN' },
    ]);
    const inFile = file('token.json', {
      sms: { provider: 'twilio', accountSid: SID, fromNumber: '+14155550100', authToken: TOKEN },
    });
    expect(issues(() => loadConfig({ file: inFile, env: { PSIZERO_TWILIO_AUTH_TOKEN: TOKEN } }))).toEqual([
      {
        path: 'sms.authToken',
        message: 'the Twilio auth token is not read from the config file: remove it and set PSIZERO_TWILIO_AUTH_TOKEN',
      },
    ]);
  });
});

describe('channel modes at start-up', () => {
  it('says where email and SMS go with nothing configured: the local outbox', () => {
    expect(channelModes(loadConfig({ env: {} }))).toEqual([
      {
        channel: 'email',
        mode: 'outbox',
        line: 'Email: captured in the local outbox, not sent (no SMTP server configured); see /outbox. Approvers are told in the dashboard.',
      },
      {
        channel: 'sms',
        mode: 'outbox',
        line: 'SMS: captured in the local outbox, not sent (no SMS provider configured); see /outbox.',
      },
      { channel: 'slack', mode: 'off', line: 'Slack: not configured; approvers are not messaged on Slack.' },
    ]);
  });

  it('names the SMTP host, the Twilio number and Slack when configured, and never a secret', () => {
    const dir = mkdtempSync(join(tmpdir(), 'psizero-modes-'));
    const path = join(dir, 'all.json');
    writeFileSync(
      path,
      JSON.stringify({
        email: { host: 'smtp.example.com', from: 'PsiZero <p@example.com>', publicBaseUrl: 'https://ops.example.com' },
        sms: { provider: 'twilio', accountSid: SID, fromNumber: '+14155550100' },
      }),
    );
    const config = loadConfig({
      file: path,
      env: {
        PSIZERO_TWILIO_AUTH_TOKEN: TOKEN,
        PSIZERO_SLACK_BOT_TOKEN: 'xoxb-1-secret',
        PSIZERO_SLACK_SIGNING_SECRET: 'a-signing-secret-of-some-length',
      },
    });
    const modes = channelModes(config);
    expect(modes.map((m) => [m.channel, m.mode, m.line])).toEqual([
      ['email', 'sending', 'Email: SMTP smtp.example.com:587, to customers and approvers.'],
      ['sms', 'sending', 'SMS: Twilio from +14155550100, to customers.'],
      ['slack', 'sending', 'Slack: approval messages with buttons, to approvers with a Slack id.'],
    ]);
    const text = JSON.stringify(modes);
    for (const secret of [TOKEN, 'xoxb-1-secret', 'a-signing-secret-of-some-length'])
      expect(text).not.toContain(secret);
  });
});

/**
 * The `email`, `slack` and `sms` sections of the config file (src/app/config.ts includes them). All
 * are optional: without them PsiZero notifies people through the dashboard only, and captures
 * customers' email and SMS in the local outbox (src/outbox). Secrets may come from the file but are
 * better in the environment: PSIZERO_SMTP_PASSWORD, PSIZERO_SLACK_BOT_TOKEN and
 * PSIZERO_SLACK_SIGNING_SECRET override the file (and the two Slack variables alone enable Slack).
 * The Twilio auth token comes from PSIZERO_TWILIO_AUTH_TOKEN only, never from the file.
 */
import { z } from 'zod';
import { DEFAULT_TWILIO_API_BASE } from '../connectors/twilio-sms.ts';
import type { FieldIssue } from '../lib/errors.ts';
import { E164_PATTERN } from '../lib/phone-number.ts';
import { DEFAULT_SLACK_API_BASE } from './slack-client.ts';

export const EmailConfigSchema = z
  .object({
    host: z.string().min(1),
    port: z.number().int().min(1).max(65_535).default(587),
    /** Implicit TLS from the first byte (port 465). False: plain connection upgraded with STARTTLS. */
    secure: z.boolean().default(false),
    /** Refuse to send (and to log in) unless STARTTLS upgraded the connection. Off only for a local test server. */
    requireTls: z.boolean().default(true),
    /** Verify the server's certificate; off only for a test server with a self-signed one. */
    rejectUnauthorized: z.boolean().default(true),
    user: z.string().min(1).optional(),
    /** Prefer PSIZERO_SMTP_PASSWORD to writing it here. */
    password: z.string().min(1).optional(),
    /** Sender, e.g. `PsiZero <psizero@example.com>`. */
    from: z.string().min(3),
    /** Where links in emails point (the confirmation page, the dashboard); defaults to http.publicUrl. */
    publicBaseUrl: z.url({ protocol: /^https?$/ }).optional(),
  })
  .refine((e) => e.user !== undefined || e.password === undefined, {
    path: ['user'],
    message: 'a password needs a user',
  })
  .refine((e) => e.user === undefined || e.password !== undefined, {
    path: ['password'],
    message: 'required with a user (set PSIZERO_SMTP_PASSWORD)',
  });

export const SlackConfigSchema = z.object({
  /** Bot token, `xoxb-...`; prefer PSIZERO_SLACK_BOT_TOKEN. */
  botToken: z.string().regex(/^xoxb-[A-Za-z0-9-]+$/, 'expected a bot token (xoxb-...)'),
  /** The app's signing secret, for the interactions endpoint; prefer PSIZERO_SLACK_SIGNING_SECRET. */
  signingSecret: z.string().min(16, 'must be at least 16 characters'),
  /** Slack's Web API; tests point it at a local server. */
  apiBase: z.url({ protocol: /^https?$/ }).default(DEFAULT_SLACK_API_BASE),
});

/** Text messages to customers (the final notice) through Twilio's Messages API. */
export const SmsConfigSchema = z.strictObject({
  provider: z.literal('twilio'),
  /** The Twilio account, `AC` and 32 hex digits. */
  accountSid: z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'expected a Twilio Account SID (AC and 32 hex digits)'),
  /** The Twilio number messages come from. */
  fromNumber: z.string().regex(E164_PATTERN, 'expected a phone number in E.164 form, e.g. +14155550123'),
  /** Twilio's API host; tests point it at a local server. */
  apiBase: z.url({ protocol: /^https?$/ }).default(DEFAULT_TWILIO_API_BASE),
  /** From PSIZERO_TWILIO_AUTH_TOKEN. */
  authToken: z
    .string({ error: 'required: set PSIZERO_TWILIO_AUTH_TOKEN' })
    .min(1, 'required: set PSIZERO_TWILIO_AUTH_TOKEN'),
});

export type EmailConfig = z.infer<typeof EmailConfigSchema>;
export type SlackConfig = z.infer<typeof SlackConfigSchema>;
export type SmsConfig = z.infer<typeof SmsConfigSchema>;

type Section = Record<string, unknown> | undefined;

/** The raw `email`, `slack` and `sms` sections with the environment applied (before validation). */
export function channelSectionsWithEnv(
  raw: { email?: Section; slack?: Section; sms?: Section },
  env: NodeJS.ProcessEnv,
): { email: Section; slack: Section; sms: Section } {
  const email = raw.email === undefined ? undefined : { ...raw.email };
  if (email !== undefined && env.PSIZERO_SMTP_PASSWORD) email.password = env.PSIZERO_SMTP_PASSWORD;
  const fromEnv = Boolean(env.PSIZERO_SLACK_BOT_TOKEN || env.PSIZERO_SLACK_SIGNING_SECRET);
  const slack = raw.slack === undefined && !fromEnv ? undefined : { ...raw.slack };
  if (slack !== undefined && env.PSIZERO_SLACK_BOT_TOKEN) slack.botToken = env.PSIZERO_SLACK_BOT_TOKEN;
  if (slack !== undefined && env.PSIZERO_SLACK_SIGNING_SECRET) slack.signingSecret = env.PSIZERO_SLACK_SIGNING_SECRET;
  // The file's own authToken, if any, is refused by `secretsInFile` before this is validated.
  const sms = raw.sms === undefined ? undefined : { ...raw.sms, authToken: env.PSIZERO_TWILIO_AUTH_TOKEN };
  return { email, slack, sms };
}

/** Secrets that must come from the environment only, found in the file. */
export function secretsInFile(raw: { sms?: Section }): FieldIssue[] {
  if (raw.sms === undefined || !('authToken' in raw.sms)) return [];
  return [
    {
      path: 'sms.authToken',
      message: 'the Twilio auth token is not read from the config file: remove it and set PSIZERO_TWILIO_AUTH_TOKEN',
    },
  ];
}

/** Checks across sections: emails need a public URL to link to. */
export function channelConfigIssues(config: {
  email?: EmailConfig | undefined;
  http: { publicUrl?: string | undefined };
}): FieldIssue[] {
  if (config.email !== undefined && config.email.publicBaseUrl === undefined && config.http.publicUrl === undefined) {
    return [
      {
        path: 'email.publicBaseUrl',
        message: 'required for links in emails (or set http.publicUrl / PSIZERO_PUBLIC_URL)',
      },
    ];
  }
  return [];
}

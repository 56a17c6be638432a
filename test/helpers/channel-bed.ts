/**
 * The approval test bed (a refund workflow through the gate, on a ManualClock) with the real
 * channels in place of the recording notifier: ChannelNotifier delivering to the dashboard table,
 * to an SMTP server and to a Slack-like API, signed approval links, and every log line kept so a
 * test can check that no secret was ever written.
 */
import { Writable } from 'node:stream';
import { ApprovalLinks } from '../../src/approvals/index.ts';
import type { RetryPolicy } from '../../src/engine/index.ts';
import { createLogger, type Logger } from '../../src/lib/logger.ts';
import { ChannelNotifier, SlackClient, SmtpEmailSender } from '../../src/channels/index.ts';
import type { Policy } from '../../src/policy/index.ts';
import { DEFAULT_POLICY } from '../../src/policy/index.ts';
import type { Database } from '../../src/db/index.ts';
import { createBed, type Bed } from '../conformance/approval-harness.ts';

export const LINK_SECRET = 'channel-tests-link-secret-0123456789abcdef';
export const PUBLIC_URL = 'https://psizero.example.com';
export const SMTP_LOGIN = { user: 'psizero-mailer', pass: 'smtp-Pa55word-never-logged' };
export const SLACK_TOKEN = 'xoxb-1234-5678-never-logged-token';

export interface ChannelBedOptions {
  policy?: Policy;
  /** Send email to an SMTP server on this port (with SMTP_LOGIN when `login` is set). */
  smtp?: { port: number; login?: boolean; starttls?: boolean };
  /** Post to Slack at this API base. */
  slackApiBase?: string;
  retry?: Partial<RetryPolicy>;
}

export interface ChannelBed extends Bed {
  links: ApprovalLinks;
  channelNotifier: ChannelNotifier;
  sender: SmtpEmailSender | null;
  /** Every log line written (JSON), from the notifier and the Slack client. */
  logs: string[];
  close(): Promise<void>;
}

export function memoryLogger(lines: string[]): Logger {
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return createLogger({ destination: sink, pretty: false });
}

export async function createChannelBed(database: Database, options: ChannelBedOptions = {}): Promise<ChannelBed> {
  const bed = await createBed(database, options.policy ?? DEFAULT_POLICY);
  const logs: string[] = [];
  const logger = memoryLogger(logs);
  const links = new ApprovalLinks({
    secret: LINK_SECRET,
    repository: bed.repos.approvals,
    approvals: bed.service,
    clock: bed.clock,
  });
  const sender =
    options.smtp === undefined
      ? null
      : new SmtpEmailSender({
          host: '127.0.0.1',
          port: options.smtp.port,
          secure: false,
          requireTls: options.smtp.starttls ?? false,
          rejectUnauthorized: false,
          user: options.smtp.login ? SMTP_LOGIN.user : undefined,
          password: options.smtp.login ? SMTP_LOGIN.pass : undefined,
          from: 'PsiZero <psizero@example.com>',
          timeoutMs: 5_000,
        });
  const slack =
    options.slackApiBase === undefined
      ? null
      : {
          client: new SlackClient({ token: SLACK_TOKEN, apiBase: options.slackApiBase, clock: bed.clock }),
          publicBaseUrl: PUBLIC_URL,
        };
  const channelNotifier = new ChannelNotifier({
    directory: bed.deps.policy.directory,
    timeZone: bed.deps.policy.businessCalendar.timeZone,
    approvals: bed.service,
    notifications: bed.repos.notifications,
    clock: bed.clock,
    email: sender === null ? null : { sender, links, publicBaseUrl: PUBLIC_URL },
    slack,
    retry: options.retry,
    logger,
  });
  // The bed's workflow reads its gate deps at run time: swap the recording notifier for the channels.
  bed.deps.notifier = channelNotifier;
  return {
    ...bed,
    links,
    channelNotifier,
    sender,
    logs,
    async close() {
      await bed.engine.stop(0);
      sender?.close();
    },
  };
}

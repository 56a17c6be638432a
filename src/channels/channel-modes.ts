/**
 * Which mode each channel is in, in words, for start-up (`psizero start` and `psizero worker` print
 * it and log it): a channel either sends for real, captures in the local outbox (customer email
 * and SMS with nothing configured), or is off (Slack). Never names a secret.
 */
import type { EmailConfig, SlackConfig, SmsConfig } from './channel-config.ts';

export interface ChannelMode {
  channel: 'email' | 'sms' | 'slack';
  mode: 'sending' | 'outbox' | 'off';
  /** One line for a person, e.g. `Email: SMTP smtp.example.com:587 (customers and approvers)`. */
  line: string;
}

export interface ChannelModeConfig {
  email?: EmailConfig | undefined;
  sms?: SmsConfig | undefined;
  slack?: SlackConfig | undefined;
}

export function channelModes(config: ChannelModeConfig): ChannelMode[] {
  const { email, sms, slack } = config;
  return [
    email === undefined
      ? {
          channel: 'email',
          mode: 'outbox',
          line: 'Email: captured in the local outbox, not sent (no SMTP server configured); see /outbox. Approvers are told in the dashboard.',
        }
      : {
          channel: 'email',
          mode: 'sending',
          line: `Email: SMTP ${email.host}:${email.port}, to customers and approvers.`,
        },
    sms === undefined
      ? {
          channel: 'sms',
          mode: 'outbox',
          line: 'SMS: captured in the local outbox, not sent (no SMS provider configured); see /outbox.',
        }
      : { channel: 'sms', mode: 'sending', line: `SMS: Twilio from ${sms.fromNumber}, to customers.` },
    slack === undefined
      ? { channel: 'slack', mode: 'off', line: 'Slack: not configured; approvers are not messaged on Slack.' }
      : {
          channel: 'slack',
          mode: 'sending',
          line: 'Slack: approval messages with buttons, to approvers with a Slack id.',
        },
  ];
}

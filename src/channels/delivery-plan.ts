/**
 * Who gets a notification on which channel. Everyone gets a dashboard notification (it needs only
 * the database, so it is there even when Slack and SMTP are down, and it is the only channel for
 * people without Slack or email); Slack when the person has a `slackUserId` and Slack is
 * configured; email when they have an address and SMTP is configured. Pure.
 */
import type { Directory } from '../policy/index.ts';
import { findPerson } from '../policy/index.ts';
import type { ChannelName } from './errors.ts';

export interface PlannedDelivery {
  recipientId: string;
  channel: ChannelName;
}

export interface AvailableChannels {
  email: boolean;
  slack: boolean;
}

export function planDeliveries(
  recipients: readonly string[],
  directory: Directory,
  available: AvailableChannels,
): PlannedDelivery[] {
  const plan: PlannedDelivery[] = [];
  for (const recipientId of new Set(recipients)) {
    const person = findPerson(directory, recipientId);
    if (person === undefined) continue;
    plan.push({ recipientId, channel: 'dashboard' });
    if (available.slack && person.slackUserId !== undefined) plan.push({ recipientId, channel: 'slack' });
    if (available.email && person.email !== undefined) plan.push({ recipientId, channel: 'email' });
  }
  return plan;
}

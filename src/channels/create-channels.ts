/**
 * Builds the channels from config: the gate's notifier (dashboard always; Slack and email when
 * configured) and, with Slack, the interactions handler for the HTTP layer to mount.
 */
import type { ApprovalLinks, ApprovalService } from '../approvals/index.ts';
import type { Clock } from '../lib/clock.ts';
import type { Logger } from '../lib/logger.ts';
import type { Directory } from '../policy/index.ts';
import type { NotificationRepository } from '../notifications/notification-repository.ts';
import { ChannelNotifier } from './channel-notifier.ts';
import { reportChannels, type ReportChannels } from './report-delivery.ts';
import type { EmailConfig, SlackConfig } from './channel-config.ts';
import type { EmailChannel } from './deliveries.ts';
import { SmtpEmailSender } from './email-transport.ts';
import type { RatingLinkPort } from './rating-footer.ts';
import type { BriefingRatingPort } from './slack-briefing-rating.ts';
import { SlackClient } from './slack-client.ts';
import { slackInteractionsHandler } from './slack-http.ts';
import type { SlackInteractionDeps } from './slack-interactions.ts';
import { SlackReplayGuard } from './slack-signature.ts';

export interface ChannelSettings {
  email?: EmailConfig | undefined;
  slack?: SlackConfig | undefined;
  http: { publicUrl?: string | undefined };
}

export interface ChannelDeps {
  directory: Directory;
  /** The company's zone (the policy's business calendar): messages write times in it for people without their own. */
  timeZone: string;
  approvals: ApprovalService;
  /** Null without `approvals.linkSecret`: emails then point to the dashboard instead of carrying links. */
  links: ApprovalLinks | null;
  notifications: NotificationRepository;
  /** Ratings of the morning briefing, from its Slack buttons. */
  briefingRatings: BriefingRatingPort;
  /** Null without a link secret and a public URL: the briefing email then points to the dashboard's rating form. */
  ratingLinks: RatingLinkPort | null;
  clock: Clock;
  logger?: Logger;
}

export interface Channels {
  notifier: ChannelNotifier;
  /** Reports that ask nothing of their readers (the morning briefing), on the same channels. */
  reports: ReportChannels;
  /** `POST /slack/interactions`, ready to mount; null without Slack. */
  slackInteractions: ((request: Request) => Promise<Response>) | null;
  /** The same handler's dependencies, for callers that use `handleSlackInteraction` directly. */
  slackInteractionDeps: SlackInteractionDeps | null;
  close(): void;
}

export function createChannels(settings: ChannelSettings, deps: ChannelDeps): Channels {
  const { email: emailConfig, slack: slackConfig } = settings;
  const sender = emailConfig === undefined ? null : new SmtpEmailSender({ ...emailConfig, timeoutMs: 15_000 });
  const publicBaseUrl = emailConfig?.publicBaseUrl ?? settings.http.publicUrl;
  const email: EmailChannel | null =
    sender === null || publicBaseUrl === undefined ? null : { sender, links: deps.links, publicBaseUrl };
  const slack =
    slackConfig === undefined
      ? null
      : {
          client: new SlackClient({ token: slackConfig.botToken, apiBase: slackConfig.apiBase, clock: deps.clock }),
          publicBaseUrl: publicBaseUrl ?? null,
        };
  const notifier = new ChannelNotifier({
    directory: deps.directory,
    timeZone: deps.timeZone,
    approvals: deps.approvals,
    notifications: deps.notifications,
    clock: deps.clock,
    email,
    slack,
    logger: deps.logger,
  });
  // Slack wants an answer to an interaction within three seconds: follow-up calls must be quick.
  const interactionClient =
    slackConfig === undefined
      ? null
      : new SlackClient({
          token: slackConfig.botToken,
          apiBase: slackConfig.apiBase,
          clock: deps.clock,
          timeoutMs: 2_000,
          maxRateLimitWaitMs: 0,
        });
  const slackInteractionDeps: SlackInteractionDeps | null =
    slackConfig === undefined
      ? null
      : {
          signingSecret: slackConfig.signingSecret,
          directory: deps.directory,
          timeZone: deps.timeZone,
          approvals: deps.approvals,
          clock: deps.clock,
          replayGuard: new SlackReplayGuard(),
          client: interactionClient,
          briefingRatings: deps.briefingRatings,
          logger: deps.logger,
        };
  const reports = reportChannels({
    notifications: deps.notifications,
    email: email === null ? null : { sender: email.sender, publicBaseUrl: email.publicBaseUrl },
    slack: slack === null ? null : { client: slack.client },
    ratingLinks: deps.ratingLinks,
  });
  return {
    notifier,
    reports,
    slackInteractions: slackInteractionDeps === null ? null : slackInteractionsHandler(slackInteractionDeps),
    slackInteractionDeps,
    close: () => sender?.close(),
  };
}

/**
 * Channels: how people hear about approvals and answer them. Email over SMTP with signed
 * approve/reject links, Slack messages with buttons and a signed interactions endpoint, and
 * dashboard notifications for everyone; all delivered in durable steps by `ChannelNotifier`.
 */
export { ChannelNotifier, DELIVERY_RETRY } from './channel-notifier.ts';
export type { ChannelNotifierOptions } from './channel-notifier.ts';
export {
  EmailConfigSchema,
  SlackConfigSchema,
  SmsConfigSchema,
  channelConfigIssues,
  channelSectionsWithEnv,
  secretsInFile,
} from './channel-config.ts';
export type { EmailConfig, SlackConfig, SmsConfig } from './channel-config.ts';
export { channelModes } from './channel-modes.ts';
export type { ChannelMode, ChannelModeConfig } from './channel-modes.ts';
export { createChannels } from './create-channels.ts';
export type { ChannelDeps, ChannelSettings, Channels } from './create-channels.ts';
export { approvalLinkUrl, approvalPageUrl, deliverEmail, deliverSlack, deliverToDashboard } from './deliveries.ts';
export type { DeliveryInput, DeliveryOutcome, EmailChannel, SlackChannel } from './deliveries.ts';
export { planDeliveries } from './delivery-plan.ts';
export type { AvailableChannels, PlannedDelivery } from './delivery-plan.ts';
export { escapeHtml, renderApprovalEmail } from './email-templates.ts';
export type { DecisionLinks, RenderedEmail } from './email-templates.ts';
export { SmtpEmailSender, classifySmtpError } from './email-transport.ts';
export type { EmailMessage, EmailSender, SmtpSettings } from './email-transport.ts';
export { CHANNEL_ERROR_CODES, ChannelError, SLACK_SIGNATURE_ERROR_CODES, SlackSignatureError } from './errors.ts';
export type { ChannelErrorCode, ChannelName, SlackSignatureErrorCode } from './errors.ts';
export { canDecideNow, composeMessage, factLines, formatDeadline, formatShortTime, whyYou } from './message.ts';
export type { ApprovalMessage, MessageFact } from './message.ts';
export {
  SLACK_ACTION_APPROVE,
  SLACK_ACTION_CHOOSE,
  SLACK_ACTION_REJECT,
  SLACK_REASON_INPUT,
  SLACK_REJECT_CALLBACK,
  approvalMessageBlocks,
  decidedMessageBlocks,
  encodeChoiceValue,
  escapeMrkdwn,
  rejectModal,
} from './slack-blocks.ts';
export type { MessageRef, RejectModalMetadata, SlackLayout } from './slack-blocks.ts';
export {
  SLACK_ACTION_RATE,
  SLACK_COMMENT_INPUT,
  SLACK_RATING_BLOCK,
  SLACK_RATING_CALLBACK,
  encodeRatingValue,
  ratingBlocks,
  ratingModal,
} from './slack-rating-blocks.ts';
export type { RatingModalMetadata } from './slack-rating-blocks.ts';
export { DEFAULT_SLACK_API_BASE, SlackClient } from './slack-client.ts';
export type { SlackClientOptions, SlackMessage, SlackPosted } from './slack-client.ts';
export { slackInteractionResponse, slackInteractionsHandler } from './slack-http.ts';
export { handleSlackInteraction } from './slack-interactions.ts';
export { onRatingClick, onRatingSubmission } from './slack-briefing-rating.ts';
export type { BriefingRatingPort, SlackRatingDeps } from './slack-briefing-rating.ts';
export type {
  SlackHeaders,
  SlackInteractionDeps,
  SlackInteractionOutcome,
  SlackInteractionResult,
} from './slack-interactions.ts';
export {
  parseChoiceValue,
  parseModalMetadata,
  parseRatingMetadata,
  parseRatingValue,
  parseSlackPayload,
} from './slack-payload.ts';
export type { BlockActionsPayload, SlackPayload, ViewSubmissionPayload } from './slack-payload.ts';
export { RATING_SCALE, ratingFooter, withFooter } from './rating-footer.ts';
export type { RatingLinkPort, ReportRating } from './rating-footer.ts';
export { reportChannels } from './report-delivery.ts';
export type {
  ReportChannelDeps,
  ReportChannels,
  ReportDelivery,
  ReportMessage,
  ReportRecipient,
} from './report-delivery.ts';
export { SLACK_REPLAY_WINDOW_MS, SlackReplayGuard, slackSignature, verifySlackSignature } from './slack-signature.ts';
export type { SlackSignedRequest } from './slack-signature.ts';

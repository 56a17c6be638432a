/** Stored morning briefings, the follow-ups they plan and their ratings from every channel: written by the briefing workflow, read by the dashboard, the API and the CLI. */
export { BriefingRepository, type BriefingRating, type StoredBriefing } from './briefing-repository.ts';
export {
  FOLLOW_UP_KINDS,
  FollowUpRepository,
  followUpId,
  type FollowUp,
  type FollowUpClosing,
  type FollowUpFilter,
  type FollowUpKind,
  type FollowUpStatus,
  type PlannedFollowUp,
} from './follow-up-repository.ts';
export {
  RATING_LINK_PATH,
  RATING_LINK_TTL_MS,
  RatingLinkError,
  ratingLinks,
  signRatingToken,
  verifyRatingToken,
  type RatingLinkClaims,
  type RatingLinkErrorCode,
  type RatingLinkOptions,
  type RatingLinks,
} from './rating-links.ts';

/** Stored morning briefings: written by the briefing workflow, read by the dashboard and the CLI; rated from every channel. */
export { BriefingRepository, type BriefingRating, type StoredBriefing } from './briefing-repository.ts';
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

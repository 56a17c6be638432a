/** Stored morning briefings and the follow-ups they plan: written by the briefing workflow, read by the dashboard, the API and the CLI. */
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

/** Stored morning briefings: written by the briefing workflow, read by the dashboard and the CLI. */
export { BriefingRepository, type BriefingRating, type StoredBriefing } from './briefing-repository.ts';

import type { FieldIssue } from '../../lib/errors.ts';
import type { EntityName } from './entities.ts';

/** The fate of one input record: accepted (written or already up to date) or rejected with reasons. */
export interface RecordReport {
  /** Position in the batch as sent (0-based). */
  index: number;
  /** The record's identity when it could be read (e.g. its id), else null. */
  key: string | null;
  status: 'accepted' | 'rejected';
  issues?: FieldIssue[];
}

export interface BatchReport {
  entity: EntityName;
  received: number;
  accepted: number;
  rejected: number;
  /** Accepted records that changed stored data (created or updated). */
  written: number;
  /** Accepted records identical to what was stored: nothing written, no event. */
  unchanged: number;
  /** Every record in order, or only the rejected ones when the caller asked for `detail: 'rejected'`. */
  records: RecordReport[];
}

/**
 * The parts of Slack's interaction payloads PsiZero reads. Slack posts them form-encoded, as JSON
 * in the `payload` field; only the fields named here are kept (Slack sends many more), and the
 * two kinds PsiZero answers (`block_actions` from the buttons, `view_submission` from the reject
 * modal) are told apart by `type`. Anything else parses as `other` and is acknowledged, not acted on.
 */
import { z } from 'zod';
import { toFieldIssues } from '../lib/field-issues.ts';
import type { FieldIssue } from '../lib/errors.ts';
import type { RejectModalMetadata } from './slack-blocks.ts';
import type { RatingModalMetadata } from './slack-rating-blocks.ts';

const UserSchema = z.object({ id: z.string().min(1) });

const BlockActionsSchema = z.object({
  type: z.literal('block_actions'),
  user: UserSchema,
  trigger_id: z.string().min(1).optional(),
  container: z.object({ channel_id: z.string().optional(), message_ts: z.string().optional() }).optional(),
  channel: z.object({ id: z.string() }).optional(),
  actions: z.array(z.object({ action_id: z.string(), value: z.string().optional() })).min(1),
});

const ViewSubmissionSchema = z.object({
  type: z.literal('view_submission'),
  user: UserSchema,
  view: z.object({
    callback_id: z.string(),
    private_metadata: z.string().default(''),
    state: z.object({ values: z.record(z.string(), z.record(z.string(), z.object({ value: z.string().nullish() }))) }),
  }),
});

const OtherSchema = z.object({ type: z.string() });

export type BlockActionsPayload = z.infer<typeof BlockActionsSchema>;
export type ViewSubmissionPayload = z.infer<typeof ViewSubmissionSchema>;

export type SlackPayload =
  | { kind: 'block_actions'; payload: BlockActionsPayload }
  | { kind: 'view_submission'; payload: ViewSubmissionPayload }
  | { kind: 'other'; type: string };

export type ParsedPayload = { ok: true; value: SlackPayload } | { ok: false; issues: FieldIssue[] };

const issuesOf = (error: z.ZodError, prefix: string): FieldIssue[] => toFieldIssues(error.issues, [prefix]);

/** Parses a form-encoded interaction body (`payload=<json>`). */
export function parseSlackPayload(rawBody: string): ParsedPayload {
  const text = new URLSearchParams(rawBody).get('payload');
  if (text === null) return { ok: false, issues: [{ path: 'payload', message: 'missing form field' }] };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, issues: [{ path: 'payload', message: 'not JSON' }] };
  }
  const head = OtherSchema.safeParse(json);
  if (!head.success) return { ok: false, issues: issuesOf(head.error, 'payload') };
  if (head.data.type === 'block_actions') {
    const parsed = BlockActionsSchema.safeParse(json);
    return parsed.success
      ? { ok: true, value: { kind: 'block_actions', payload: parsed.data } }
      : { ok: false, issues: issuesOf(parsed.error, 'payload') };
  }
  if (head.data.type === 'view_submission') {
    const parsed = ViewSubmissionSchema.safeParse(json);
    return parsed.success
      ? { ok: true, value: { kind: 'view_submission', payload: parsed.data } }
      : { ok: false, issues: issuesOf(parsed.error, 'payload') };
  }
  return { ok: true, value: { kind: 'other', type: head.data.type } };
}

const MetadataSchema = z.object({
  approvalId: z.string().min(1),
  message: z.object({ channel: z.string().min(1), ts: z.string().min(1) }).nullable(),
});

/** The reject modal's private metadata (written by `rejectModal`); null when it is not ours. */
export function parseModalMetadata(text: string): RejectModalMetadata | null {
  try {
    const parsed = MetadataSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

const ChoiceValueSchema = z.object({ approvalId: z.string().min(1), choice: z.string().min(1) });

/** A choice button's value (written by `encodeChoiceValue`); null when it is not ours. */
export function parseChoiceValue(text: string | undefined): { approvalId: string; choice: string } | null {
  if (text === undefined) return null;
  try {
    const parsed = ChoiceValueSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

const RatingMetadataSchema = z.object({ date: z.iso.date(), score: z.number().int().min(1).max(5) });
const RatingValueSchema = z
  .string()
  .regex(/^[^:]+:\d+$/)
  .transform((text) => ({ date: text.slice(0, text.indexOf(':')), score: Number(text.slice(text.indexOf(':') + 1)) }))
  .pipe(RatingMetadataSchema);

/** A rating button's value (written by `encodeRatingValue`, `<date>:<score>`); null when malformed. */
export function parseRatingValue(text: string | undefined): RatingModalMetadata | null {
  const parsed = RatingValueSchema.safeParse(text);
  return parsed.success ? parsed.data : null;
}

/** The rating modal's private metadata (written by `ratingModal`); null when it is not ours. */
export function parseRatingMetadata(text: string): RatingModalMetadata | null {
  try {
    const parsed = RatingMetadataSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * The one place zod issues become `{ path, message }` pairs that name the offending field the way a
 * person would write it: `routing.financial.tiers[1].underUsd: expected number, received string`.
 * Every boundary (config, policy, workflow input, ingestion, HTTP requests, Slack payloads) uses it,
 * so a caller sees the same wording wherever bad input enters.
 */
import type { z } from 'zod';
import { ValidationError, type FieldIssue } from './errors.ts';

export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => {
    if (typeof key === 'number') return `${out}[${key}]`;
    const name = String(key);
    return out === '' ? name : `${out}.${name}`;
  }, '');
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** Per-parse error map: shorter, field-oriented messages for the common cases; zod's own otherwise. */
export function issueMessage(issue: z.core.$ZodRawIssue): string | undefined {
  if (issue.code === 'invalid_type') {
    if (issue.input === undefined) return `required: expected ${issue.expected}`;
    return `expected ${issue.expected}, received ${describeValue(issue.input)}`;
  }
  if (issue.code === 'invalid_value') {
    return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
  }
  return undefined;
}

/**
 * One entry per problem, each path under `prefix` (e.g. `['body']`); an unknown key becomes its own
 * entry at its own path, so a typo shows where it is.
 */
export function toFieldIssues(issues: readonly z.core.$ZodIssue[], prefix: readonly PropertyKey[] = []): FieldIssue[] {
  return issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: formatPath([...prefix, ...issue.path, key]), message: 'unknown field' }));
    }
    return [{ path: formatPath([...prefix, ...issue.path]), message: issue.message }];
  });
}

/** Parses with the shared wording, or throws a ValidationError `message` naming every bad field. */
export function parseOrThrow<S extends z.ZodType>(
  schema: S,
  value: unknown,
  message: string,
  prefix: readonly PropertyKey[] = [],
): z.output<S> {
  const result = schema.safeParse(value, { error: issueMessage });
  if (!result.success) throw new ValidationError(message, toFieldIssues(result.error.issues, prefix));
  return result.data;
}

/** The same parse as a result, for callers that collect issues instead of throwing. */
export function parseIssues<S extends z.ZodType>(
  schema: S,
  value: unknown,
  prefix: readonly PropertyKey[] = [],
): { ok: true; value: z.output<S> } | { ok: false; issues: FieldIssue[] } {
  const result = schema.safeParse(value, { error: issueMessage });
  return result.success
    ? { ok: true, value: result.data }
    : { ok: false, issues: toFieldIssues(result.error.issues, prefix) };
}

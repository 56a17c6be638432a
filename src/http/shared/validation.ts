/**
 * Request validation failures as ValidationErrors with field paths (`query.limit`, `body.reason`),
 * so they reach the caller in the one error shape. Used as the OpenAPI app's default hook and by
 * the dashboard's form handlers.
 */
import type { z } from 'zod';
import { ValidationError, type FieldIssue } from '../../lib/errors.ts';
import { toFieldIssues } from '../../lib/field-issues.ts';

const TARGET_PREFIX: Readonly<Record<string, string>> = {
  json: 'body',
  form: 'body',
  query: 'query',
  param: 'path',
  header: 'header',
  cookie: 'cookie',
};

export function issuesOf(error: z.ZodError, target?: string): FieldIssue[] {
  return toFieldIssues(error.issues, target === undefined ? [] : [TARGET_PREFIX[target] ?? target]);
}

/** The OpenAPI app's default hook: a failed validation throws; success falls through to the handler. */
export function validationHook(result: { target: string; success: boolean; error?: z.ZodError }): void {
  if (!result.success && result.error)
    throw new ValidationError(
      `invalid request ${TARGET_PREFIX[result.target] ?? result.target}`,
      issuesOf(result.error, result.target),
    );
}

/** Parses with a zod schema or throws a ValidationError naming every bad field. */
export function parseOrThrow<S extends z.ZodType>(
  schema: S,
  value: unknown,
  what: string,
  target?: string,
): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new ValidationError(`invalid ${what}`, issuesOf(result.error, target));
  return result.data;
}

/**
 * From raw document to typed, frozen policy, without I/O: parse text (YAML or JSON), deep-merge
 * over the defaults, validate, freeze. Objects merge key by key; arrays and scalars replace the
 * default wholesale (a tier list or a directory is only meaningful as a whole).
 */
import { parse as parseYaml } from 'yaml';
import { DEFAULT_POLICY, deepFreeze } from './defaults.ts';
import { PolicyValidationError } from './errors.ts';
import type { Policy } from './policy-schema.ts';
import { PolicySchema } from './policy-schema.ts';
import { issueMessage, toFieldIssues } from '../lib/field-issues.ts';

export type PolicyFormat = 'yaml' | 'json';

export function parsePolicyText(text: string, format: PolicyFormat, source?: string): unknown {
  try {
    return format === 'json' ? (JSON.parse(text) as unknown) : (parseYaml(text) as unknown);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new PolicyValidationError([{ path: '', message: `not valid ${format.toUpperCase()}: ${why}` }], source);
  }
}

/** The effective policy: `overrides` (any subset of the document) over the defaults. */
export function resolvePolicy(overrides: unknown = {}, source?: string): Policy {
  // An empty file means "all defaults".
  const doc = overrides ?? {};
  if (!isPlainObject(doc)) {
    const received = Array.isArray(doc) ? 'array' : typeof doc;
    throw new PolicyValidationError([{ path: '', message: `expected an object, received ${received}` }], source);
  }
  const result = PolicySchema.safeParse(deepMerge(DEFAULT_POLICY, doc), { error: issueMessage });
  if (!result.success) throw new PolicyValidationError(toFieldIssues(result.error.issues), source);
  return deepFreeze(result.data);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function deepMerge(base: unknown, over: unknown): unknown {
  if (over === undefined) return base;
  if (!isPlainObject(base) || !isPlainObject(over)) return over;
  const out: Record<string, unknown> = {};
  for (const key of new Set([...Object.keys(base), ...Object.keys(over)])) {
    // defineProperty, not assignment: a "__proto__" key from a file stays a plain (and rejected) field.
    const value = deepMerge(base[key], over[key]);
    Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

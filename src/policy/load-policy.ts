/**
 * The policy layer's only I/O: read one policy file (YAML or JSON, chosen by extension) and hand
 * it to the pure resolver. Without a path, the defaults apply.
 */
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { PolicyLoadError } from './errors.ts';
import type { Policy } from './policy-schema.ts';
import type { PolicyFormat } from './resolve-policy.ts';
import { parsePolicyText, resolvePolicy } from './resolve-policy.ts';

const FORMATS: Readonly<Record<string, PolicyFormat>> = { '.yaml': 'yaml', '.yml': 'yaml', '.json': 'json' };

export async function loadPolicy(path?: string): Promise<Policy> {
  if (path === undefined) return resolvePolicy({});
  const format = FORMATS[extname(path).toLowerCase()];
  if (format === undefined) {
    throw new PolicyLoadError(`cannot load policy ${path}: use a .yaml, .yml or .json file`);
  }
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new PolicyLoadError(
      `cannot read policy file ${path}: ${err instanceof Error ? err.message : String(err)}`,
      err,
    );
  }
  return resolvePolicy(parsePolicyText(text, format, path), path);
}

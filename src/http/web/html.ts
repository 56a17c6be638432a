/**
 * Server-rendered HTML with hono's `html` tagged template: every interpolated value is escaped
 * unless it is itself a template result. `h` is the synchronous form our views use.
 */
import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { InternalError } from '../../lib/errors.ts';

export type Html = HtmlEscapedString;

export function h(strings: TemplateStringsArray, ...values: unknown[]): Html {
  const out = html(strings, ...values);
  if (out instanceof Promise) throw new InternalError('views render synchronously: resolve data before rendering');
  return out;
}

export { raw };

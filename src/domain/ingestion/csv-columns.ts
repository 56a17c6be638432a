/**
 * CSV text → input records. Columns are matched to the entity's fields by name, ignoring case,
 * spaces, `_` and `-` (`employee_count`, `Employee Count` and `employeeCount` are one column), and
 * each cell is converted by what its field accepts, read from the zod schema itself: numbers for
 * numeric fields, JSON for list/object fields (invoice lines), booleans, and '' as "not given".
 * The converted record then goes through the very same validation as a JSON batch.
 */
import type { z } from 'zod';
import type { FieldIssue } from '../../lib/errors.ts';
import { CsvHeaderError } from '../errors.ts';

type Kind = 'number' | 'boolean' | 'json' | 'string';

interface DefLike {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  options?: readonly z.ZodType[];
}

function kindsOf(schema: z.ZodType, into = new Set<Kind>()): Set<Kind> {
  const def = schema._zod.def as unknown as DefLike;
  switch (def.type) {
    case 'number':
    case 'int':
    case 'bigint':
      into.add('number');
      break;
    case 'boolean':
      into.add('boolean');
      break;
    case 'array':
    case 'object':
    case 'record':
    case 'tuple':
      into.add('json');
      break;
    case 'union':
      for (const option of def.options ?? []) kindsOf(option, into);
      break;
    case 'pipe':
      if (def.in) kindsOf(def.in, into);
      break;
    default:
      if (def.innerType) kindsOf(def.innerType, into);
      else into.add('string');
  }
  return into;
}

export interface ColumnPlan {
  /** Position in the CSV row. */
  position: number;
  header: string;
  field: string;
  kinds: ReadonlySet<Kind>;
}

const normalise = (name: string): string => name.toLowerCase().replace(/[^a-z0-9]/g, '');

/**
 * Maps a header row onto the entity's fields; unknown, doubled or missing required columns reject
 * the file, and so does a field PsiZero derives itself (`derived`: field → why), with the reason.
 */
export function planColumns(
  header: readonly string[],
  shape: Readonly<Record<string, z.ZodType>>,
  derived: Readonly<Record<string, string>> = {},
): ColumnPlan[] {
  const byName = new Map(Object.keys(shape).map((field) => [normalise(field), field]));
  const derivedByName = new Map(Object.entries(derived).map(([field, why]) => [normalise(field), why]));
  const issues: FieldIssue[] = [];
  const plans: ColumnPlan[] = [];
  const used = new Map<string, string>();
  header.forEach((raw, position) => {
    const name = raw.trim();
    const field = byName.get(normalise(name));
    const why = derivedByName.get(normalise(name));
    if (!field && why !== undefined) {
      issues.push({ path: name, message: why });
      return;
    }
    if (!field) {
      issues.push({
        path: name || `(column ${position + 1})`,
        message: `unknown column; expected some of ${Object.keys(shape).join(', ')}`,
      });
      return;
    }
    const earlier = used.get(field);
    if (earlier !== undefined) {
      issues.push({ path: name, message: `same field as column '${earlier}'` });
      return;
    }
    used.set(field, name);
    plans.push({ position, header: name, field, kinds: kindsOf(shape[field]!) });
  });
  for (const [field, schema] of Object.entries(shape)) {
    if (!used.has(field) && !schema.safeParse(undefined).success)
      issues.push({ path: field, message: 'required column missing' });
  }
  if (issues.length > 0) throw new CsvHeaderError(issues);
  return plans;
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** One CSV row as an input record, or the cells that could not even be converted. */
export function rowToRecord(
  cells: readonly string[],
  plans: readonly ColumnPlan[],
): { record: Record<string, unknown>; issues: FieldIssue[] } {
  const record: Record<string, unknown> = {};
  const issues: FieldIssue[] = [];
  for (const plan of plans) {
    const cell = (cells[plan.position] ?? '').trim();
    if (cell === '') continue;
    if (plan.kinds.has('json') && (cell.startsWith('[') || cell.startsWith('{'))) {
      try {
        record[plan.field] = JSON.parse(cell) as unknown;
      } catch (err) {
        issues.push({ path: plan.field, message: `invalid JSON: ${err instanceof Error ? err.message : String(err)}` });
      }
    } else if (plan.kinds.has('number') && NUMBER.test(cell)) {
      record[plan.field] = Number(cell);
    } else if (plan.kinds.has('boolean') && /^(true|false)$/i.test(cell)) {
      record[plan.field] = cell.toLowerCase() === 'true';
    } else {
      record[plan.field] = cell;
    }
  }
  return { record, issues };
}

/**
 * Multi-row upserts, the hot path of ingestion (a simulated year is millions of usage rows).
 * The statement text is produced by Kysely (so quoting and placeholders are right for each dialect)
 * once per table, row count and RETURNING variant, then reused with fresh parameters: no query tree
 * is rebuilt per row, and on SQLite the prepared statement itself is reused (src/db/database.ts).
 * ~150 rows per statement measured fastest here: fewer calls into the driver, yet short statements
 * to parse.
 */
import { CompiledQuery, sql, type Kysely, type RawBuilder, type Selectable } from 'kysely';
import type { SqlDialect, DbExecutor } from '../../db/database.ts';
import type { DomainTableName, DomainTables } from '../../db/tables.ts';
import { InternalError } from '../../lib/errors.ts';

export interface UpsertSpec<R> {
  table: DomainTableName;
  /** Inserted columns, in the order `values` returns them. */
  columns: readonly string[];
  /** The conflict target: the table's primary key. */
  key: readonly string[];
  /**
   * 'increment': an update bumps `version` in SQL and happens only when a `compare` column differs
   * (facts such as usage rows, written without reading them first).
   * 'replace': every non-key column is overwritten; `version`, if the table has one, is computed by
   * the caller, who read the previous row.
   */
  version: 'increment' | 'replace';
  /** With 'increment': the columns whose change counts as a change. */
  compare?: readonly string[];
  /**
   * Appends the row's values in `columns` order to `params` (appending, rather than returning an
   * array per row, spares the garbage collector millions of small arrays); `now` is the write's
   * timestamp, for updated_at.
   */
  push(record: R, now: number, params: unknown[]): void;
}

const MAX_ROWS_PER_STATEMENT = 150;
const MAX_PARAMS = 30_000;
const textCache = new WeakMap<object, Map<string, string>>();

export interface UpsertResult {
  /** Rows inserted or changed (unchanged facts are skipped by the WHERE clause). */
  written: number;
  /** With `returning`: the key columns and version of each written row. */
  rows: Record<string, unknown>[];
}

export async function upsertMany<R>(
  db: DbExecutor,
  dialect: SqlDialect,
  spec: UpsertSpec<R>,
  records: readonly R[],
  options: { returning?: readonly string[]; now?: number } = {},
): Promise<UpsertResult> {
  const now = options.now ?? Date.now();
  const perStatement = Math.max(1, Math.min(MAX_ROWS_PER_STATEMENT, Math.floor(MAX_PARAMS / spec.columns.length)));
  const result: UpsertResult = { written: 0, rows: [] };
  for (let i = 0; i < records.length; i += perStatement) {
    const chunk = records.slice(i, i + perStatement);
    const text = statementText(db, dialect, spec, chunk.length, options.returning);
    const params: unknown[] = [];
    for (const record of chunk) spec.push(record, now, params);
    const out = await db.executeQuery(CompiledQuery.raw(text, params));
    if (options.returning) {
      for (const row of out.rows as Record<string, unknown>[]) result.rows.push(row);
      result.written += out.rows.length;
    } else {
      result.written += Number(out.numAffectedRows ?? 0n);
    }
  }
  return result;
}

function statementText<R>(
  db: DbExecutor,
  dialect: SqlDialect,
  spec: UpsertSpec<R>,
  rows: number,
  returning: readonly string[] | undefined,
): string {
  let perSpec = textCache.get(spec);
  if (!perSpec) {
    perSpec = new Map();
    textCache.set(spec, perSpec);
  }
  // The dialect is part of the key: one process may hold a SQLite and a PostgreSQL handle (tests).
  const cacheKey = `${dialect}:${rows}:${returning?.join(',') ?? ''}`;
  let text = perSpec.get(cacheKey);
  if (text === undefined) {
    const compiled = buildUpsert(spec, rows, returning).compile(db);
    if (compiled.parameters.length !== rows * spec.columns.length) {
      throw new InternalError(
        `upsert into ${spec.table}: expected ${rows * spec.columns.length} parameters, compiled ${compiled.parameters.length}`,
      );
    }
    text = compiled.sql;
    perSpec.set(cacheKey, text);
  }
  return text;
}

function buildUpsert<R>(
  spec: UpsertSpec<R>,
  rows: number,
  returning: readonly string[] | undefined,
): RawBuilder<unknown> {
  const placeholderRow = sql`(${sql.join(spec.columns.map(() => sql`${null}`))})`;
  const values = sql.join(Array.from({ length: rows }, () => placeholderRow));
  const updated = spec.columns.filter(
    (c) => !spec.key.includes(c) && !(spec.version === 'increment' && c === 'version'),
  );
  const sets = updated.map((c) => sql`${sql.ref(c)} = ${sql.ref(`excluded.${c}`)}`);
  if (spec.version === 'increment') sets.push(sql`${sql.ref('version')} = ${sql.ref(`${spec.table}.version`)} + 1`);
  const where =
    spec.version === 'increment' && spec.compare && spec.compare.length > 0
      ? sql` WHERE ${sql.join(
          spec.compare.map((c) => sql`${sql.ref(`${spec.table}.${c}`)} IS DISTINCT FROM ${sql.ref(`excluded.${c}`)}`),
          sql` OR `,
        )}`
      : sql``;
  const ret = returning && returning.length > 0 ? sql` RETURNING ${sql.join(returning.map((c) => sql.ref(c)))}` : sql``;
  return sql`INSERT INTO ${sql.table(spec.table)} (${sql.join(spec.columns.map((c) => sql.ref(c)))}) VALUES ${values} ON CONFLICT (${sql.join(
    spec.key.map((c) => sql.ref(c)),
  )}) DO UPDATE SET ${sql.join(sets)}${where}${ret}`;
}

/** Splits `items` into chunks for IN (...) lists. */
export function chunked<T>(items: readonly T[], size = 500): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

type KeyedTable = 'customers' | 'payment_attempts' | 'tickets' | 'invoices';

/**
 * Reads rows of a table keyed by `id`, in sorted chunks; on PostgreSQL with `lock` the rows stay
 * locked until the transaction ends, so the versions the caller computes from them stay exact.
 */
export async function readRowsById<T extends KeyedTable, V>(
  db: DbExecutor,
  dialect: SqlDialect,
  table: T,
  ids: readonly string[],
  lock: boolean,
  fromRow: (row: Selectable<DomainTables[T]>) => V,
): Promise<Map<string, V>> {
  const out = new Map<string, V>();
  for (const part of chunked([...new Set(ids)].sort())) {
    // The table is a type parameter here, which Kysely's builder cannot narrow; rows are typed on return.
    const rows = (await (db as unknown as Kysely<Record<string, { id: string }>>)
      .selectFrom(table as string)
      .selectAll()
      .where('id', 'in', part)
      .$if(lock && dialect === 'postgres', (q) => q.forUpdate())
      .execute()) as unknown as Selectable<DomainTables[T]>[];
    for (const row of rows) out.set((row as { id: string }).id, fromRow(row));
  }
  return out;
}

/** The usual `push` of an UpsertSpec: the record's own columns, in order. */
export function pushColumns<R>(columns: readonly (keyof R)[]): UpsertSpec<R>['push'] {
  return (record, _now, params) => {
    for (const c of columns) params.push(record[c]);
  };
}

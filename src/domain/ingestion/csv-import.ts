/**
 * `psizero import <entity> <file.csv>`: streams the file through csv-parse, converts and validates
 * each row, and writes good rows in batches through the ingestion service. A bad row is reported
 * with its line number, field and reason and skipped; the rest of the file is imported. Only a
 * header that cannot be mapped, or text that is not CSV at all, stops the import.
 */
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { parse, CsvError } from 'csv-parse';
import { CsvFormatError } from '../errors.ts';
import { entityDef } from './entities.ts';
import { planColumns, rowToRecord, type ColumnPlan } from './csv-columns.ts';
import type { IngestionService, PreparedBatch } from './service.ts';
import type { EntityName } from './entities.ts';

export interface CsvRowError {
  /** 1-based line in the file (the header is line 1). */
  line: number;
  field: string;
  reason: string;
}

export interface CsvImportProgress {
  bytes: number;
  rows: number;
  accepted: number;
  rejected: number;
}

export interface CsvImportOptions {
  /** Rows per transaction (default 2,000). */
  batchSize?: number;
  /** Whether imported changes also become domain events (default true). */
  publish?: boolean;
  /** Row errors kept in the report (default 1,000); the count covers all of them. */
  maxErrors?: number;
  onProgress?: (progress: CsvImportProgress) => void;
}

export interface CsvImportReport {
  entity: EntityName;
  rows: number;
  accepted: number;
  rejected: number;
  written: number;
  unchanged: number;
  errors: CsvRowError[];
  /** Row errors not kept in `errors` because of maxErrors. */
  errorsOmitted: number;
}

interface PendingRow {
  line: number;
  record: Record<string, unknown>;
}

export async function importCsv(
  ingest: IngestionService,
  entityName: string,
  source: string | Readable,
  options: CsvImportOptions = {},
): Promise<CsvImportReport> {
  const def = entityDef(entityName);
  const batchSize = options.batchSize ?? 2_000;
  const maxErrors = options.maxErrors ?? 1_000;
  const report: CsvImportReport = {
    entity: def.name,
    rows: 0,
    accepted: 0,
    rejected: 0,
    written: 0,
    unchanged: 0,
    errors: [],
    errorsOmitted: 0,
  };
  const firstLineOfKey = new Map<string, number>();
  let plans: ColumnPlan[] | null = null;
  let width = 0;
  let pending: PendingRow[] = [];
  let bytes = 0;

  const addErrors = (line: number, issues: readonly { path: string; message: string }[]): void => {
    report.rejected++;
    for (const issue of issues) {
      if (report.errors.length < maxErrors)
        report.errors.push({ line, field: issue.path || '(row)', reason: issue.message });
      else report.errorsOmitted++;
    }
  };

  const flush = async (): Promise<void> => {
    if (pending.length === 0) return;
    const rows = pending;
    pending = [];
    const prepared = ingest.validate(
      def.name,
      rows.map((r) => r.record),
      { publish: options.publish ?? true },
    );
    // Duplicates across batches: the file, not just the batch, must name each record once.
    const items = prepared.items.filter((item) => {
      const line = rows[item.index]!.line;
      const first = firstLineOfKey.get(item.key);
      if (first === undefined) {
        firstLineOfKey.set(item.key, line);
        return true;
      }
      prepared.rejected.push({
        index: item.index,
        key: item.key,
        status: 'rejected',
        issues: [{ path: def.keyFields.join('+'), message: `duplicate of line ${first}` }],
      });
      return false;
    });
    const batch: PreparedBatch<EntityName> = { ...prepared, items };
    const written = await ingest.write(batch, { detail: 'rejected' });
    for (const r of [...written.records].sort((a, b) => a.index - b.index))
      addErrors(rows[r.index]!.line, r.issues ?? []);
    report.accepted += written.accepted;
    report.written += written.written;
    report.unchanged += written.unchanged;
    options.onProgress?.({ bytes, rows: report.rows, accepted: report.accepted, rejected: report.rejected });
  };

  const input = typeof source === 'string' ? createReadStream(source) : source;
  const parser = input.pipe(parse({ bom: true, info: true, relax_column_count: true, skip_empty_lines: true }));
  try {
    for await (const chunk of parser as AsyncIterable<{ record: string[]; info: { lines: number; bytes: number } }>) {
      bytes = chunk.info.bytes;
      if (plans === null) {
        plans = planColumns(chunk.record, def.shape, def.derived);
        width = chunk.record.length;
        continue;
      }
      report.rows++;
      const line = chunk.info.lines;
      if (chunk.record.length !== width) {
        addErrors(line, [{ path: '(row)', message: `expected ${width} fields, found ${chunk.record.length}` }]);
        continue;
      }
      const { record, issues } = rowToRecord(chunk.record, plans);
      if (issues.length > 0) addErrors(line, issues);
      else pending.push({ line, record });
      if (pending.length >= batchSize) await flush();
    }
  } catch (err) {
    if (err instanceof CsvError) throw new CsvFormatError(`not valid CSV: ${err.message}`, err);
    if ((err as NodeJS.ErrnoException).code === 'ENOENT')
      throw new CsvFormatError(`cannot read ${typeof source === 'string' ? source : 'the input'}: no such file`, err);
    throw err;
  }
  if (plans === null) throw new CsvFormatError('the file is empty: expected a header row');
  await flush();
  options.onProgress?.({ bytes, rows: report.rows, accepted: report.accepted, rejected: report.rejected });
  return report;
}

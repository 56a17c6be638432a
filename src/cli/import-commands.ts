import { statSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { ENTITIES, ENTITY_NAMES, entityDef, importCsv, type CsvImportReport } from '../domain/index.ts';
import { withApp } from './context.ts';
import { progressBar } from './progress.ts';

const SHOWN_ERRORS = 20;

/** Every entity's columns, and the fields PsiZero derives (refused as columns, with the reason). */
function columnsHelp(): string {
  const lines = ENTITY_NAMES.map((name) => {
    const derived = Object.keys(ENTITIES[name].derived);
    const shown = `  ${name}: ${Object.keys(ENTITIES[name].shape).join(', ')}`;
    return derived.length === 0 ? shown : `${shown}\n    derived, not a column: ${derived.join(', ')}`;
  });
  return `\nColumns (required ones must be present):\n${lines.join('\n')}`;
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a positive whole number');
  return n;
}

export function registerImportCommands(program: Command): void {
  program
    .command('import')
    .description('import business data from a CSV file with a header row; bad rows are reported and skipped')
    .argument('<entity>', `what the file holds: ${ENTITY_NAMES.join(', ')}`)
    .argument('<file>', 'CSV file (header names as in the API, e.g. employeeCount or employee_count)')
    .option('--batch <rows>', 'rows per transaction', positiveInt, 2_000)
    .option('--no-events', 'write without publishing domain events (loading history)')
    .option('--report <file>', 'write the full report with every row error as JSON')
    .addHelpText(
      'after',
      `${columnsHelp()}\n\nExit status: 0 when every row was imported, 2 when some rows were rejected, 1 on errors.`,
    )
    .action(
      async (entity: string, file: string, opts: { batch: number; events: boolean; report?: string }, cmd: Command) => {
        entityDef(entity);
        await withApp(cmd, async (app) => {
          const bar = progressBar(
            statSync(file).size,
            `importing ${entity} |{bar}| {percentage}% | {rows} rows, {rejected} rejected`,
          );
          let report: CsvImportReport;
          try {
            report = await importCsv(app.domain.ingest, entity, file, {
              batchSize: opts.batch,
              publish: opts.events,
              maxErrors: opts.report ? Number.MAX_SAFE_INTEGER : 1_000,
              onProgress: (p) => bar.update(p.bytes, { rows: p.rows, rejected: p.rejected }),
            });
          } finally {
            bar.stop();
          }
          if (opts.report) writeFileSync(opts.report, `${JSON.stringify(report, null, 2)}\n`);
          process.stdout.write(formatImportSummary(report, file));
          for (const e of report.errors.slice(0, SHOWN_ERRORS))
            process.stderr.write(`line ${e.line}: ${e.field}: ${e.reason}\n`);
          const more = report.errors.length - SHOWN_ERRORS + report.errorsOmitted;
          if (more > 0)
            process.stderr.write(
              `… and ${more} more row errors${opts.report ? ` (all in ${opts.report})` : ' (--report <file> lists them all)'}\n`,
            );
          if (report.rejected > 0) process.exitCode = 2;
        });
      },
    );
}

export function formatImportSummary(report: CsvImportReport, file: string): string {
  return (
    `${file}: ${report.rows} rows, ${report.accepted} imported (${report.written} written, ${report.unchanged} unchanged), ` +
    `${report.rejected} rejected\n`
  );
}

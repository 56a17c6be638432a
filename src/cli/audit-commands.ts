import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { PLAIN_STYLE, summarizeAuditEntry, verifyAuditLog } from '../audit/index.ts';
import type { AuditEntry, AuditFilter } from '../audit/index.ts';
import { withApp } from './context.ts';

function parsePositiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number');
  return n;
}

export function formatAuditList(entries: AuditEntry[]): string {
  if (entries.length === 0) return 'no audit entries\n';
  const rows = entries.map((e) => [
    String(e.seq),
    PLAIN_STYLE.time(e.at),
    e.kind,
    e.actor,
    e.channel,
    e.actionId ?? e.approvalId ?? '-',
    summarizeAuditEntry(e),
  ]);
  const header = ['SEQ', 'AT', 'KIND', 'ACTOR', 'CHANNEL', 'SUBJECT', 'DETAIL'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return `${[line(header), ...rows.map(line)].join('\n')}\n`;
}

export function registerAuditCommands(program: Command): void {
  const audit = program.command('audit').description('the tamper-evident audit log');

  audit
    .command('verify')
    .description('check the hash chain; report the first entry that was edited, deleted or reordered')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      await withApp(cmd, async (app) => {
        const result = await verifyAuditLog(app.repositories.audit);
        if (opts.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
        else if (result.ok)
          process.stdout.write(
            `audit log intact: ${result.entries} entries, head #${result.head.seq} ${result.head.hash}\n`,
          );
        else
          process.stdout.write(`audit log TAMPERED at entry #${result.seq} (${result.problem}): ${result.message}\n`);
        if (!result.ok) process.exitCode = 1;
      });
    });

  audit
    .command('list')
    .description('list audit entries, oldest first (the latest N unless --after is given)')
    .option('-r, --run <runId>', 'only this run')
    .option('-a, --approval <approvalId>', 'only this approval')
    .option('--action <actionId>', 'only this action')
    .option('-k, --kind <kind>', 'only this kind, e.g. approval_decision')
    .option('--actor <personId>', 'only entries by this person (or "system")')
    .option('--after <seq>', 'entries after this seq, oldest first', parsePositiveInt)
    .option('-n, --limit <n>', 'most entries', parsePositiveInt, 50)
    .option('--json', 'print JSON')
    .action(
      async (
        opts: {
          run?: string;
          approval?: string;
          action?: string;
          kind?: string;
          actor?: string;
          after?: number;
          limit: number;
          json?: boolean;
        },
        cmd: Command,
      ) => {
        await withApp(cmd, async (app) => {
          const filter: AuditFilter = {
            runId: opts.run,
            approvalId: opts.approval,
            actionId: opts.action,
            kind: opts.kind,
            actor: opts.actor,
            afterSeq: opts.after,
            limit: opts.limit,
            latest: opts.after === undefined,
          };
          const entries = await app.repositories.audit.list(filter);
          process.stdout.write(opts.json ? `${JSON.stringify(entries, null, 2)}\n` : formatAuditList(entries));
        });
      },
    );
}

import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { ConflictError } from '../lib/errors.ts';
import { briefingMessage, briefingPageUrl, briefingSections, renderBriefingText } from '../workflows/briefing/index.ts';
import { withApp } from './context.ts';

const FORMATS = ['text', 'json', 'html'] as const;
type Format = (typeof FORMATS)[number];

function parseDate(value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`)))
    throw new InvalidArgumentError('expected a date as YYYY-MM-DD');
  return value;
}

function parseFormat(value: string): Format {
  if (!(FORMATS as readonly string[]).includes(value))
    throw new InvalidArgumentError(`expected one of ${FORMATS.join(', ')}`);
  return value as Format;
}

/**
 * `psizero briefing show` composes a morning's briefing from the data as it was at the policy's
 * briefing time that day (08:00 in Los Angeles by default) and prints it, delivering nothing;
 * `psizero briefing send` composes and delivers it as the schedule would (a `briefing.morning`
 * run, executed here).
 */
export function registerBriefingCommands(program: Command): void {
  const briefing = program.command('briefing').description('the morning business briefing');

  briefing
    .command('show')
    .description("compose a morning's briefing from the data as it was at the briefing time, without delivering it")
    .option('--date <YYYY-MM-DD>', "the morning (default: today in the briefing's time zone)", parseDate)
    .option('--role <role>', 'read it as a holder of this policy role (default owner)', 'owner')
    .option('--format <format>', `output: ${FORMATS.join(', ')}`, parseFormat, 'text' as Format)
    .action(async (opts: { date?: string; role: string; format: Format }, cmd: Command) => {
      await withApp(cmd, async (app) => {
        const date = opts.date ?? app.briefing.today();
        const model = await app.briefing.compose(date);
        const personal = app.briefing.asRole(model, opts.role);
        if (opts.format === 'json') process.stdout.write(`${JSON.stringify(personal, null, 2)}\n`);
        else if (opts.format === 'html')
          process.stdout.write(
            briefingMessage(personal, briefingPageUrl(app.briefing.settings().publicUrl, date)).html,
          );
        else process.stdout.write(`${renderBriefingText(briefingSections(personal))}\n`);
      });
    });

  briefing
    .command('send')
    .description("compose a morning's briefing and deliver it: urgent items to the owner first, then everyone's")
    .option('--date <YYYY-MM-DD>', "the morning (default: today in the briefing's time zone)", parseDate)
    .action(async (opts: { date?: string }, cmd: Command) => {
      await withApp(cmd, async (app) => {
        const date = opts.date ?? app.briefing.today();
        const { id } = await app.engine.start(app.briefing.workflow, app.briefing.inputFor(date));
        app.engine.startWorker();
        try {
          const run = await app.engine.waitForRun(id, 50, 15 * 60_000);
          if (run.status !== 'completed')
            throw new ConflictError(`the briefing run ${id} ended ${run.status}: ${run.error?.message ?? ''}`);
          const out = run.output as { urgent: string[]; unavailable: string[]; deliveries: { error: unknown }[] };
          const failed = out.deliveries.filter((d) => d.error !== null).length;
          process.stdout.write(
            `Sent the briefing of ${date} (run ${id}): ${out.deliveries.length - failed} deliveries` +
              `${failed > 0 ? `, ${failed} failed` : ''}; urgent: ${out.urgent.join(', ') || 'none'}; ` +
              `unavailable: ${out.unavailable.join(', ') || 'none'}\n`,
          );
        } finally {
          await app.engine.stop();
        }
      });
    });
}

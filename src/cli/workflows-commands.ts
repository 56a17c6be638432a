/**
 * `psizero workflows list` and `psizero workflows explain NAME`: every registered workflow with its
 * version, level, classification, triggers and approval kind, each value with where it came from,
 * and the decision record the seed's rule gives a workflow. Needs no data: the app is assembled
 * over an in-memory database.
 */
import type { Command } from 'commander';
import { formatDecisionRecord } from '../policy/index.ts';
import { withCatalogApp } from './context.ts';
import { formatWorkflowList } from './workflow-format.ts';

export function registerWorkflowCommands(program: Command): void {
  const workflows = program
    .command('workflows')
    .description('the registered workflows: classification, level, triggers, approval kind');

  workflows
    .command('list')
    .description('every registered workflow (latest version), each value with its source')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      await withCatalogApp(cmd, (app) => {
        const list = app.workflows.list();
        process.stdout.write(opts.json ? `${JSON.stringify(list, null, 2)}\n` : formatWorkflowList(list));
      });
    });

  workflows
    .command('explain <name>')
    .description("the decision record the seed's rule gives the workflow under the effective policy")
    .option('--json', 'print the record as JSON')
    .action(async (name: string, opts: { json?: boolean }, cmd: Command) => {
      await withCatalogApp(cmd, (app) => {
        const record = app.workflows.explain(name);
        process.stdout.write(
          opts.json ? `${JSON.stringify(record, null, 2)}\n` : `${formatDecisionRecord(record, { sources: true })}\n`,
        );
      });
    });
}

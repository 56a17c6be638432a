import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { stringify as toYaml } from 'yaml';
import { loadConfig } from '../app/config.ts';
import {
  ActionValidationError,
  buildDecisionRecord,
  formatDecisionRecord,
  loadPolicy,
  parseProposedAction,
  type Policy,
} from '../policy/index.ts';
import { PsiZeroError } from '../lib/errors.ts';
import { withCatalogApp } from './context.ts';
import { ACTION_FORMAT, EXAMPLE_ACTION } from './example-action.ts';

/** The policy named by config `policy.file` or PSIZERO_POLICY (defaults when neither is set); no database needed. */
async function effectivePolicy(cmd: Command): Promise<{ policy: Policy; source: string }> {
  const config = loadConfig({ file: cmd.optsWithGlobals<{ config?: string }>().config });
  const file = config.policy.file;
  return { policy: await loadPolicy(file), source: file ?? 'built-in defaults' };
}

async function readActionFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = file === '-' ? await readStdin() : await readFile(file, 'utf8');
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new PsiZeroError('FILE_UNREADABLE', `cannot read action file ${file}: ${why}`, {
      kind: 'invalid',
      retryable: false,
      cause: err,
    });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new ActionValidationError([
      { path: '', message: `not valid JSON in ${file}: ${err instanceof Error ? err.message : String(err)}` },
    ]);
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export function registerPolicyCommands(program: Command): void {
  const policy = program.command('policy').description('the autonomy policy: thresholds, routing, approvers, timeouts');

  policy
    .command('show')
    .description('print the effective policy (the policy file merged over the defaults), its workflow names checked')
    .option('--json', 'print JSON instead of YAML')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      const { policy: effective, source } = await effectivePolicy(cmd);
      // Workflow names are checked against what the app registers, so a typo is an error, not a silent no-op.
      if (Object.keys(effective.workflows).length > 0)
        await withCatalogApp(cmd, (app) => app.workflows.checkOverrides());
      if (opts.json) process.stdout.write(`${JSON.stringify(effective, null, 2)}\n`);
      else process.stdout.write(`# effective policy (from ${source})\n${toYaml(effective)}`);
    });

  policy
    .command('explain [file]')
    .description('print the decision record for a proposed action given as JSON (a file, or - for stdin)')
    .option('--json', 'print the record as JSON')
    .option('--example', 'print an example action instead (valid input for this command)')
    .addHelpText('after', ACTION_FORMAT)
    .action(async (file: string | undefined, opts: { json?: boolean; example?: boolean }, cmd: Command) => {
      if (opts.example) {
        process.stdout.write(`${JSON.stringify(EXAMPLE_ACTION, null, 2)}\n`);
        return;
      }
      if (file === undefined)
        throw new ActionValidationError([
          { path: '', message: 'give an action file (JSON), - for standard input, or --example; see --help' },
        ]);
      const { policy: effective } = await effectivePolicy(cmd);
      const action = parseProposedAction(await readActionFile(file));
      const record = buildDecisionRecord(action, effective);
      process.stdout.write(opts.json ? `${JSON.stringify(record, null, 2)}\n` : `${formatDecisionRecord(record)}\n`);
    });
}

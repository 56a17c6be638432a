import { Command, CommanderError } from 'commander';
import { PsiZeroError, ValidationError } from '../lib/errors.ts';
import { registerAnalyticsCommands } from './analytics-commands.ts';
import { registerAuditCommands } from './audit-commands.ts';
import { registerBriefingCommands } from './briefing-commands.ts';
import { registerImportCommands } from './import-commands.ts';
import { registerKeyCommands } from './keys-commands.ts';
import { registerPolicyCommands } from './policy-commands.ts';
import { registerRunCommands } from './runs-commands.ts';
import { registerServeCommands } from './serve-commands.ts';
import { registerSimulateCommands } from './simulate-commands.ts';
import { registerWorkflowCommands } from './workflows-commands.ts';

export function buildProgram(): Command {
  const program = new Command()
    .name('psizero')
    .description('PsiZero: semi-autonomous operations for a SaaS/API company')
    .option('-c, --config <file>', 'config file (YAML or JSON); defaults to psizero.config.yaml if present')
    .exitOverride();
  registerServeCommands(program);
  registerRunCommands(program);
  registerPolicyCommands(program);
  registerWorkflowCommands(program);
  registerAuditCommands(program);
  registerKeyCommands(program);
  registerImportCommands(program);
  registerSimulateCommands(program);
  registerAnalyticsCommands(program);
  registerBriefingCommands(program);
  return program;
}

/** Entry point: typed errors become one clear line and a non-zero exit, never a stack trace. */
export async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      process.exitCode = err.exitCode;
      return;
    }
    if (err instanceof ValidationError) {
      process.stderr.write(`error ${err.code}: ${err.message}\n`);
    } else if (err instanceof PsiZeroError) {
      process.stderr.write(`error ${err.code}: ${err.message}\n`);
    } else {
      throw err;
    }
    process.exitCode = 1;
  }
}

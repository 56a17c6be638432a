/**
 * Loads the workflow modules the config names (docs/sdk.md): imports each file, checks what it
 * exports against the engine it joins, and registers its workflows, subscriptions and schedules.
 * A problem stops the start with an error naming the file and the field; nothing of that module is
 * registered. TypeScript modules need a process that can import TypeScript: the `psizero` CLI
 * registers tsx's loader for that (bin/psizero.js), and so does `node --import psizero/register`.
 */
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { ValidationError } from '../lib/errors.ts';
import type { Engine } from '../engine/engine.ts';
import {
  WorkflowModuleError,
  checkModule,
  definitionsOf,
  type Registered,
  type WorkflowServices,
} from './workflow-module.ts';

export interface LoadedWorkflowModule {
  /** Absolute path of the module file. */
  file: string;
  workflows: { name: string; version: number }[];
  schedules: string[];
  subscriptions: string[];
}

type Target = Pick<Engine, 'register' | 'subscribe' | 'schedule' | 'schedules' | 'subscriptions' | 'registry'>;

/** Loads the modules in order; workflows already registered on `engine` count as built-in. */
export async function loadWorkflowModules(
  files: readonly string[],
  engine: Target,
  services: WorkflowServices,
): Promise<LoadedWorkflowModule[]> {
  const origins = new Map<string, string>(engine.registry.names().map((name) => [name, 'built-in']));
  const loaded: LoadedWorkflowModule[] = [];
  for (const file of files) {
    const module = await loadOne(
      file,
      engine,
      { ...services, logger: services.logger.child({ module: file }) },
      origins,
    );
    for (const w of module.workflows) origins.set(w.name, file);
    loaded.push(module);
  }
  return loaded;
}

async function loadOne(
  file: string,
  engine: Target,
  services: WorkflowServices,
  origins: ReadonlyMap<string, string>,
): Promise<LoadedWorkflowModule> {
  const exports = await importModule(file);
  let definitions: unknown;
  try {
    definitions = definitionsOf(exports, services);
  } catch (err) {
    throw new WorkflowModuleError(file, [{ path: 'workflows', message: `the function threw: ${messageOf(err)}` }], err);
  }
  const registered: Registered = {
    workflows: origins,
    schedules: new Set(engine.schedules().map((s) => s.name)),
    subscriptions: new Set(engine.subscriptions().map((s) => s.name)),
  };
  const checked = checkModule(exports, definitions, registered);
  if (Array.isArray(checked)) throw new WorkflowModuleError(file, checked);
  try {
    // The engine checks each definition's classification against the policy schema.
    engine.register(...checked.workflows);
  } catch (err) {
    const issues = err instanceof ValidationError ? err.issues : [{ path: 'workflows', message: messageOf(err) }];
    throw new WorkflowModuleError(file, issues, err);
  }
  for (const sub of checked.subscriptions) engine.subscribe(sub);
  for (const schedule of checked.schedules) engine.schedule(schedule);
  return {
    file,
    workflows: checked.workflows.map((w) => ({ name: w.name, version: w.version })),
    schedules: checked.schedules.map((s) => s.name),
    subscriptions: checked.subscriptions.map((s) => s.name),
  };
}

async function importModule(file: string): Promise<Record<string, unknown>> {
  if (!existsSync(file)) throw new WorkflowModuleError(file, [{ path: 'module', message: 'file not found' }]);
  try {
    return (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (err) {
    const hint =
      (err as { code?: unknown }).code === 'ERR_UNKNOWN_FILE_EXTENSION'
        ? ' (TypeScript loads under the psizero CLI, or with `node --import psizero/register`)'
        : '';
    throw new WorkflowModuleError(
      file,
      [{ path: 'module', message: `could not be imported: ${messageOf(err)}${hint}` }],
      err,
    );
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

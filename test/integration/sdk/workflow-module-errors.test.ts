/**
 * `psizero start` refuses a workflow module it cannot run, with an error naming the file and the
 * field: a missing file, a module that fails on import, no `workflows` export, a missing or
 * invalid version, an invalid definition, schedule or subscription, and names that clash with a
 * built-in workflow, within the module or with another module.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/app/config.ts';
import { createApp } from '../../../src/app/create-app.ts';
import { WorkflowModuleError } from '../../../src/app/workflow-module.ts';

const fixtures = resolve(import.meta.dirname, '../../fixtures/workflow-modules');

/** Opens the app from a config file in a fresh directory that names the modules relative to itself. */
async function start(...modules: string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'psizero-modules-'));
  const config = join(dir, 'psizero.config.json');
  const workflows = modules.map((m) => relative(dir, join(fixtures, m)));
  writeFileSync(config, JSON.stringify({ database: { sqlitePath: join(dir, 'app.db') }, workflows }));
  return createApp(loadConfig({ file: config, env: {} }));
}

async function failure(...modules: string[]): Promise<WorkflowModuleError> {
  const err: unknown = await start(...modules).then(
    async (app) => {
      await app.close();
      return null;
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WorkflowModuleError);
  return err as WorkflowModuleError;
}

describe('workflow modules named in the config', () => {
  it('resolves paths relative to the config file and loads the module', async () => {
    const app = await start('refund-workflow.ts');
    try {
      expect(app.workflowModules).toEqual([
        {
          file: join(fixtures, 'refund-workflow.ts'),
          workflows: [
            { name: 'ops.refund', version: 1 },
            { name: 'ops.nightly-report', version: 1 },
          ],
          schedules: ['ops.nightly-report'],
          subscriptions: ['ops.refund-requested'],
        },
      ]);
      expect(app.engine.registry.names()).toEqual(expect.arrayContaining(['ops.refund', 'billing.daily']));
    } finally {
      await app.close();
    }
  });

  it('names a file that does not exist', async () => {
    const err = await failure('not-there.ts');
    expect(err.code).toBe('WORKFLOW_MODULE_INVALID');
    expect(err.message).toBe(`invalid workflow module ${join(fixtures, 'not-there.ts')}: module: file not found`);
  });

  it('names a module that fails while it is imported, with its reason', async () => {
    const err = await failure('throws-at-import.ts');
    expect(err.file).toBe(join(fixtures, 'throws-at-import.ts'));
    expect(err.issues).toEqual([
      { path: 'module', message: 'could not be imported: set REFUND_API_KEY before loading this module' },
    ]);
  });

  it('requires a `workflows` export', async () => {
    const err = await failure('no-workflows.ts');
    expect(err.issues).toEqual([
      {
        path: 'workflows',
        message: 'required: export `workflows`, an array of definitions or a function of the services returning one',
      },
    ]);
  });

  it("refuses a definition without a version from the SDK's defineWorkflow at import", async () => {
    const err = await failure('missing-version.ts');
    expect(err.message).toContain(join(fixtures, 'missing-version.ts'));
    expect(err.issues[0]!.message).toBe(
      "could not be imported: invalid workflow definition 'ops.versionless': version: required: declare which version (a whole number from 1 up) this code is",
    );
  });

  it('names the file and the field of a classification the policy schema refuses', async () => {
    const err = await failure('bad-classification.ts');
    expect(err.message).toContain(join(fixtures, 'bad-classification.ts'));
    expect(err.issues).toEqual([
      { path: 'classification.classification.impact', message: expect.stringContaining('critical') as string },
    ]);
  });

  it('names every invalid field of hand-written definitions, schedules and subscriptions', async () => {
    const err = await failure('invalid-definitions.ts');
    expect(err.issues).toEqual([
      { path: 'workflows[0].version', message: 'required: a whole number from 1 up' },
      {
        path: 'workflows[1].name',
        message: "'ops bad name' must start with a letter or digit and hold only letters, digits, '.', '_' and '-'",
      },
      { path: 'workflows[2].version', message: 'expected a whole number from 1 up, received 2.5' },
      { path: 'workflows[2].input', message: 'expected a zod schema (z.object({...}))' },
      { path: 'workflows[2].run', message: 'expected a function (ctx, input) => ...' },
      { path: 'workflows[3]', message: 'expected a workflow definition (defineWorkflow({...}))' },
      { path: 'schedules[0].workflow', message: "no workflow 'ops.none' is registered" },
      { path: 'schedules[0].cron', message: expect.any(String) as string },
      { path: 'schedules[0].timezone', message: "unknown IANA time zone 'Mars/Olympus'" },
      { path: 'subscriptions[0].extra', message: 'unknown field' },
    ]);
  });

  it('refuses names taken by a built-in workflow, twice in one module, or by another module', async () => {
    const err = await failure('refund-workflow.ts', 'duplicates.ts');
    expect(err.file).toBe(join(fixtures, 'duplicates.ts'));
    expect(err.issues).toEqual([
      { path: 'workflows[0].name', message: "'billing.daily' is a built-in workflow" },
      { path: 'workflows[3].version', message: "'ops.twice' version 2 is defined twice" },
      {
        path: 'workflows[4].name',
        message: `'ops.refund' is already defined in ${join(fixtures, 'refund-workflow.ts')}`,
      },
      { path: 'schedules[0].name', message: "'billing.daily' is already registered" },
      { path: 'subscriptions[0].name', message: "'ops.refund-requested' is already registered" },
    ]);
  });
});

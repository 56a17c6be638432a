/**
 * PsiZero used as a package from a project outside the repository, by following docs/sdk.md:
 * `npm pack`, install the tarball into a temporary project, then every code block of the guide in
 * order: its files written, its commands run (the installed CLI, from dist/, loading the
 * TypeScript workflow module), its outputs compared. The checks between blocks verify what the
 * guide's prose promises (the inbox, the approval, the audit trail), through the HTTP API of the
 * running `psizero start`. The project's TypeScript is type-checked against the package's declarations.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandsOf, parseGuide, type Snippet } from './doc-snippets.ts';
import { packedProject, projectEnv, repo, type PackedProject } from './packed-project.ts';

const exec = promisify(execFile);
const guide = parseGuide(readFileSync(join(repo, 'docs/sdk.md'), 'utf8'));

interface Result {
  stdout: string;
  stderr: string;
  code: number;
}

describe('the SDK as an installed package, following docs/sdk.md', () => {
  let project: PackedProject;
  const started = Date.now();
  beforeAll(async () => {
    project = await packedProject();
  }, 300_000);
  afterAll(() => {
    project?.remove();
  });

  function write(file: string, text: string): void {
    mkdirSync(dirname(join(project.dir, file)), { recursive: true });
    writeFileSync(join(project.dir, file), text);
  }

  /** Runs one shell command in the project. */
  async function sh(command: string, env: Record<string, string> = {}): Promise<Result> {
    try {
      const { stdout, stderr } = await exec('bash', ['-c', command], { cwd: project.dir, env: projectEnv(env) });
      return { stdout, stderr, code: 0 };
    } catch (err) {
      const e = err as { stdout: string; stderr: string; code: number };
      return { stdout: e.stdout, stderr: e.stderr, code: e.code };
    }
  }

  const take = (() => {
    let next = 0;
    return (kind: string): Snippet => {
      const snippet = guide.snippets[next++];
      expect(snippet?.kind, `block ${next} of docs/sdk.md`).toBe(kind);
      return snippet!;
    };
  })();

  it('marks every code block of the guide with the check that runs it', () => {
    expect(guide.unmarked).toEqual([]);
    expect(guide.snippets.map((s) => s.kind)).toEqual([
      'install',
      'file',
      'file',
      'error',
      'run',
      'serve',
      'run',
      'file',
      'run',
      'output',
    ]);
  });

  it('installs the tarball npm pack made (the guide says how)', () => {
    expect(commandsOf(take('install'))).toEqual([`npm install ./${project.tarball}`]);
    const installed = JSON.parse(readFileSync(join(project.dir, 'node_modules/psizero/package.json'), 'utf8')) as {
      exports: Record<string, unknown>;
    };
    expect(Object.keys(installed.exports)).toEqual(['.', './register', './package.json']);
    process.stdout.write(`sdk package: packed and installed in ${Date.now() - started} ms\n`);
  });

  let runId = '';

  it('loads the workflow module the config names, and names the file and field when it is wrong', async () => {
    const module = take('file');
    const config = take('file');
    for (const file of [module, config]) write(file.arg, file.code);

    const error = take('error');
    write(module.arg, module.code.replace('    version: 1,\n', ''));
    const broken = await sh('npx psizero runs list');
    expect(broken.code).toBe(1);
    expect(broken.stderr.trim()).toBe(error.code.trim().replace('/home/you/ops', project.dir));
    write(module.arg, module.code);

    const [start] = commandsOf(take('run'));
    const started = await sh(start!);
    expect(started).toMatchObject({ code: 0, stderr: '' });
    runId = started.stdout.trim();
    expect(runId).toMatch(/^run_\w+$/);
  });

  it('runs it under `psizero start`: the approval reaches Fiona, and her approval lets it refund', async () => {
    const [command] = commandsOf(take('serve'));
    const server = await serve(command!);
    try {
      expect(server.stdout()).toContain(
        `Workflow module ${join(project.dir, 'ops/refund-workflow.ts')}: ops.refund v1, ops.refund-report v1`,
      );
      const key = (await sh('npx psizero keys create --name sdk-test --role operator --person fiona')).stdout.trim();
      const api = async (path: string, init: RequestInit = {}): Promise<Record<string, unknown>> => {
        const res = await fetch(`${server.origin}${path}`, {
          ...init,
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        });
        return (await res.json()) as Record<string, unknown>;
      };
      type Inbox = { approvals: { id: string; runId: string; title: string; level: number }[] };
      const inbox = await poll(async () =>
        ((await api('/api/approvals/inbox')) as unknown as Inbox).approvals.find((a) => a.runId === runId),
      );
      expect(inbox).toMatchObject({ title: 'Refund $4200 to cus_1', level: 2 });
      const decided = await api(`/api/approvals/${inbox.id}/decision`, {
        method: 'POST',
        body: JSON.stringify({ verdict: 'approve' }),
      });
      expect(decided).toMatchObject({ approval: { status: 'approved' } });
      type RunView = { run: { status: string } };
      await poll(async () => ((await api(`/api/runs/${runId}`)) as RunView).run.status === 'completed' || null);
    } finally {
      await server.stop();
    }

    const [show, audit] = commandsOf(take('run')).map((c) => c.replace('<run id>', runId));
    expect((await sh(show!)).stdout).toMatch(/completed/);
    const entries = (await sh(audit!)).stdout;
    const kinds = [
      'decision_record',
      'approval_requested',
      'notification_sent',
      'approval_decision',
      'action_executed',
    ];
    const at = kinds.map((k) => entries.indexOf(k));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
  });

  it("runs the guide's script on the package's API, with the clock in its hand", async () => {
    const script = take('file');
    write(script.arg, script.code);
    const [command] = commandsOf(take('run'));
    const result = await sh(command!);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(take('output').code);
  });

  it("type-checks the guide's TypeScript against the package's declarations", async () => {
    const tsconfig = {
      compilerOptions: {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        types: ['node'],
        typeRoots: [join(repo, 'node_modules/@types')],
      },
      include: ['ops', 'try-refund.ts', 'unversioned.ts'],
    };
    write('tsconfig.json', JSON.stringify(tsconfig));
    const tsc = join(repo, 'node_modules/typescript/bin/tsc');
    write(
      'unversioned.ts',
      "import { defineWorkflow, z } from 'psizero';\n" +
        "export const w = defineWorkflow({ name: 'x', input: z.object({}), run: async () => null });\n",
    );
    const failing = await sh(`node ${tsc} -p .`);
    expect(failing.stdout).toMatch(/unversioned\.ts[^]*Property 'version' is missing/);
    expect(
      failing.stdout.split('\n').filter((l) => l.includes('error TS')),
      failing.stdout,
    ).toHaveLength(1);
  });

  /** Starts the guide's `psizero start` on a free port; resolves once it serves. */
  function serve(command: string): Promise<{ origin: string; stdout: () => string; stop: () => Promise<void> }> {
    const child: ChildProcess = spawn('bash', ['-c', command], {
      cwd: project.dir,
      env: projectEnv({ PORT: '0' }),
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let out = '';
    let err = '';
    child.stderr!.on('data', (b: Buffer) => (err += b.toString()));
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const stop = async (): Promise<void> => {
      if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, 'SIGTERM');
      await exited;
    };
    return new Promise((resolve, reject) => {
      child.stdout!.on('data', (b: Buffer) => {
        out += b.toString();
        const origin = /Dashboard: (http:\/\/127\.0\.0\.1:\d+)\//.exec(out)?.[1];
        if (origin && out.includes('Ctrl-C stops')) resolve({ origin, stdout: () => out, stop });
      });
      child.once('exit', (code) => reject(new Error(`psizero start exited with ${code}:\n${out}\n${err}`)));
    });
  }
});

/** Asks until the answer is not null (a live worker polls once a second). */
async function poll<T>(ask: () => Promise<T | null | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answer = await ask();
    if (answer !== null && answer !== undefined) return answer;
    if (Date.now() > deadline) throw new Error(`no answer within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

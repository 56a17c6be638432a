/**
 * PsiZero packed with `npm pack` and installed into a fresh project outside the repository, the
 * way an engineer's project gets it. Nothing is written inside the repository: the package is
 * packed from a staged copy (its prepack build writes dist/ there), and everything lives under the
 * system's temp directory until `remove()`.
 *
 * The install runs offline and fast: the project gets a lockfile made from the repository's own
 * (the production packages, at the versions the repository tests with), so `npm ci --offline`
 * takes every package from the npm cache that the repository's `npm ci` filled (a package missing
 * there is fetched from the registry). Install scripts
 * are skipped and better-sqlite3's compiled addon is copied from the repository's node_modules
 * (same machine, same Node.js) instead of compiling it again.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const repo = resolve(import.meta.dirname, '../..');

/** The environment for commands in the project: none of the developer's PsiZero settings leak in. */
export function projectEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('PSIZERO_') && k !== 'DATABASE_URL' && k !== 'PORT'),
  );
  return { ...env, PSIZERO_LOG_LEVEL: 'warn', ...extra };
}

export interface PackedProject {
  dir: string;
  /** File name of the tarball inside `dir`. */
  tarball: string;
  remove(): void;
}

/** Packs PsiZero into a tarball; returns its path. */
async function pack(into: string): Promise<string> {
  const stage = join(into, 'stage');
  mkdirSync(stage);
  for (const entry of ['package.json', 'README.md', 'tsconfig.json', 'tsconfig.build.json', 'bin', 'scripts', 'src'])
    cpSync(join(repo, entry), join(stage, entry), { recursive: true });
  mkdirSync(join(stage, 'docs'));
  cpSync(join(repo, 'docs/sdk.md'), join(stage, 'docs/sdk.md'));
  symlinkSync(join(repo, 'node_modules'), join(stage, 'node_modules'), 'dir');
  const { stdout } = await run('npm', ['pack', '--pack-destination', into, '--loglevel', 'error'], {
    cwd: stage,
    env: projectEnv(),
  });
  return join(into, stdout.trim().split('\n').at(-1)!);
}

/** A lockfile for a project depending on the tarball: the repository's production packages. */
function lockfileFor(tarballName: string): string {
  const lock = JSON.parse(readFileSync(join(repo, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, Record<string, unknown> & { dev?: boolean }>;
  };
  const root = lock.packages['']!;
  const packages: Record<string, unknown> = {
    '': { name: 'ops', dependencies: { psizero: `file:${tarballName}` } },
    'node_modules/psizero': {
      version: root.version,
      resolved: `file:${tarballName}`,
      dependencies: root.dependencies,
      bin: root.bin,
      engines: root.engines,
    },
  };
  for (const [path, entry] of Object.entries(lock.packages)) if (path !== '' && !entry.dev) packages[path] = entry;
  return JSON.stringify({ name: 'ops', lockfileVersion: 3, requires: true, packages }, null, 2);
}

export async function packedProject(): Promise<PackedProject> {
  const base = mkdtempSync(join(tmpdir(), 'psizero-sdk-'));
  const tarballPath = await pack(base);
  const tarball = tarballPath.slice(base.length + 1);
  const dir = join(base, 'ops');
  mkdirSync(dir);
  cpSync(tarballPath, join(dir, tarball));
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'ops', private: true, type: 'module', dependencies: { psizero: `file:${tarball}` } }),
  );
  writeFileSync(join(dir, 'package-lock.json'), lockfileFor(tarball));
  const install = (cache: string) =>
    run('npm', ['ci', cache, '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel', 'error'], {
      cwd: dir,
      env: projectEnv(),
    });
  // A cache that lacks a package (node_modules installed some other way) fetches just that one.
  await install('--offline').catch(() => install('--prefer-offline'));
  const addon = 'node_modules/better-sqlite3/build/Release/better_sqlite3.node';
  cpSync(join(repo, addon), join(dir, addon));
  return { dir, tarball, remove: () => rmSync(base, { recursive: true, force: true }) };
}

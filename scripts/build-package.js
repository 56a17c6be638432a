// Builds dist/ for the package (`npm pack` runs it as prepack): JavaScript and type declarations
// compiled from src/, and the files src/ reads at run time (migrations, dashboard assets) beside
// them. The repository itself never needs it: it runs src/ through tsx.
import { execFileSync } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import process from 'node:process';
import { URL, fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

rmSync(`${root}/dist`, { recursive: true, force: true });
execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
cpSync(`${root}/src`, `${root}/dist`, { recursive: true, filter: (path) => !path.endsWith('.ts') });

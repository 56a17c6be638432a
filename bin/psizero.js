#!/usr/bin/env node
// The psizero CLI. In a clone it runs the TypeScript sources through tsx, so no build step is
// needed; the installed package has no src/ and runs its compiled dist/. Either way tsx's loader
// is registered, so the workflow modules a config names may be written in TypeScript.
import { existsSync } from 'node:fs';
import { register } from 'tsx/esm/api';

register();
const source = new URL('../src/cli/main.ts', import.meta.url);
const { main } = await import(existsSync(source) ? source.href : '../dist/cli/main.js');
await main(process.argv);

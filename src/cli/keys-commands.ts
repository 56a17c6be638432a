/**
 * `psizero keys create|list|revoke` for API keys, and `psizero users list|set-password` for the
 * dashboard's sign-in. A new key is printed once and never stored; passwords are read from the
 * terminal without echo (or from stdin when piped) and stored as scrypt hashes.
 */
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import type { Command } from 'commander';
import { MACHINE_ROLES } from '../auth/index.ts';
import { describeRole } from '../policy/index.ts';
import { ValidationError } from '../lib/errors.ts';
import { withApp } from './context.ts';
import { formatTable } from './format.ts';

const iso = (t: number | null): string => (t === null ? '-' : new Date(t).toISOString().replace('.000Z', 'Z'));

/** Reads a line from the terminal without echoing it. */
function promptHidden(question: string): Promise<string> {
  let muted = false;
  const output = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      if (!muted) process.stdout.write(chunk);
      callback();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: true });
  return new Promise((resolve) => {
    rl.question(question, (answer) => {
      rl.close();
      process.stdout.write('\n');
      resolve(answer);
    });
    muted = true;
  });
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

async function readNewPassword(): Promise<string> {
  if (!process.stdin.isTTY) return readStdin();
  const first = await promptHidden('New password: ');
  const second = await promptHidden('Repeat it: ');
  if (first !== second)
    throw new ValidationError('passwords differ', [{ path: 'password', message: 'the two entries do not match' }]);
  return first;
}

export function registerKeyCommands(program: Command): void {
  const keys = program.command('keys').description('API keys for machines (stored hashed; shown once at creation)');

  keys
    .command('create')
    .description('create an API key and print it once')
    .requiredOption('-n, --name <name>', 'what the key is for, e.g. "prometheus" or "billing-import"')
    .requiredOption('-r, --role <role>', `one of ${MACHINE_ROLES.join(', ')}`)
    .option('-p, --person <personId>', 'directory person the key decides approvals as')
    .action(async (opts: { name: string; role: string; person?: string }, cmd: Command) => {
      await withApp(cmd, async (app) => {
        const { key, record } = await app.auth.createKey({
          name: opts.name,
          role: opts.role,
          personId: opts.person ?? null,
        });
        process.stdout.write(`${key}\n`);
        process.stderr.write(
          `created key ${record.id} (${record.role}${record.personId ? `, acts as ${record.personId}` : ''}); store it now, it is not shown again\n`,
        );
      });
    });

  keys
    .command('list')
    .description('list API keys (never their secrets)')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      await withApp(cmd, async (app) => {
        const list = (await app.auth.listKeys()).map(({ hash: _hash, ...rest }) => rest);
        if (opts.json) process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
        else if (list.length === 0) process.stdout.write('no API keys\n');
        else {
          const rows = list.map((k) => [
            k.id,
            k.name,
            k.role,
            k.personId ?? '-',
            iso(k.createdAt),
            k.revokedAt === null ? 'active' : `revoked ${iso(k.revokedAt)}`,
          ]);
          process.stdout.write(formatTable(['ID', 'NAME', 'ROLE', 'PERSON', 'CREATED', 'STATE'], rows));
        }
      });
    });

  keys
    .command('revoke <id>')
    .description('revoke an API key; requests with it are refused from now on')
    .action(async (id: string, _opts: unknown, cmd: Command) => {
      await withApp(cmd, async (app) => {
        await app.auth.revokeKey(id);
        process.stdout.write(`revoked ${id}\n`);
      });
    });

  const users = program.command('users').description('people in the policy directory and their dashboard sign-in');

  users
    .command('list')
    .description('the directory, with who can sign in')
    .action(async (_opts: unknown, cmd: Command) => {
      await withApp(cmd, async (app) => {
        const holders = new Set(await app.repositories.auth.listPasswordHolders());
        const rows = app.policy.directory.people.map((p) => [
          p.id,
          p.name,
          p.roles.map(describeRole).join(', '),
          holders.has(p.id) ? 'yes' : 'no',
        ]);
        process.stdout.write(formatTable(['ID', 'NAME', 'ROLES', 'CAN SIGN IN'], rows));
      });
    });

  users
    .command('set-password <personId>')
    .description("set a person's dashboard password (prompted, or read from stdin); ends their sessions")
    .action(async (personId: string, _opts: unknown, cmd: Command) => {
      const password = await readNewPassword();
      await withApp(cmd, async (app) => {
        await app.auth.setPassword(personId, password);
        process.stdout.write(`password set for ${personId}\n`);
      });
    });
}

import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const bin = join(import.meta.dirname, '../../bin/psizero.js');

function cli(db: string, args: string[], input?: string): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [bin, ...args], {
    env: { ...process.env, PSIZERO_DB: db },
    encoding: 'utf8',
    input,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('psizero keys and users', () => {
  const db = join(mkdtempSync(join(tmpdir(), 'psizero-keys-')), 'keys.db');

  it('creates, lists and revokes API keys; sets passwords from stdin', () => {
    const created = cli(db, ['keys', 'create', '--name', 'prometheus', '--role', 'viewer']);
    expect(created.code).toBe(0);
    const key = created.out.trim();
    expect(key).toMatch(/^psz_[a-z0-9]{12}_[A-Za-z0-9_-]{43}$/);
    const id = key.split('_')[1]!;
    expect(created.err).toContain(`created key ${id} (viewer)`);

    const listed = cli(db, ['keys', 'list']);
    expect(listed.out).toMatch(new RegExp(`${id}\\s+prometheus\\s+viewer\\s+-\\s+\\S+\\s+active`));
    // The secret is base64url and may itself contain '_': take everything after the id.
    expect(listed.out).not.toContain(key.slice(`psz_${id}_`.length));
    expect(JSON.stringify(JSON.parse(cli(db, ['keys', 'list', '--json']).out))).not.toContain('hash');

    expect(cli(db, ['keys', 'revoke', id]).out.trim()).toBe(`revoked ${id}`);
    expect(cli(db, ['keys', 'list']).out).toMatch(/revoked \d{4}-/);
    expect(cli(db, ['keys', 'revoke', 'nosuchkey0000']).err).toMatch(/NOT_FOUND/);
    const bad = cli(db, ['keys', 'create', '--name', 'x', '--role', 'root', '--person', 'nobody']);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(
      /VALIDATION_FAILED.*role: expected one of admin, operator, ingest, viewer.*person: no person with id "nobody"/,
    );

    const set = cli(db, ['users', 'set-password', 'fiona'], 'a long enough password\n');
    expect(set.code).toBe(0);
    expect(set.out.trim()).toBe('password set for fiona');
    expect(cli(db, ['users', 'set-password', 'fiona'], 'short\n').err).toMatch(
      /VALIDATION_FAILED.*password: must be 12 to 1024/,
    );
    expect(cli(db, ['users', 'list']).out).toMatch(/fiona\s+Fiona Finch\s+finance manager\s+yes/);
  }, 120_000);
});

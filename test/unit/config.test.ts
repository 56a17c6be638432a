import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/app/config.ts';
import { ValidationError } from '../../src/lib/errors.ts';

describe('loadConfig', () => {
  const dir = mkdtempSync(join(tmpdir(), 'psizero-config-'));

  it('defaults to the embedded SQLite store', () => {
    const c = loadConfig({ env: {} });
    expect(c.database.url).toBeUndefined();
    expect(c.database.sqlitePath).toBe('./data/psizero.db');
    expect(c.database.durability).toBe('full');
    expect(c.http.port).toBe(3000);
  });

  it('reads a YAML file and lets the environment override it', () => {
    const file = join(dir, 'c.yaml');
    writeFileSync(file, 'database:\n  sqlitePath: /var/lib/psizero.db\nworker:\n  concurrency: 8\n');
    const c = loadConfig({ file, env: { PORT: '8080', DATABASE_URL: 'postgres://u@h/db' } });
    expect(c.database.sqlitePath).toBe('/var/lib/psizero.db');
    expect(c.worker.concurrency).toBe(8);
    expect(c.http.port).toBe(8080);
    expect(c.database.url).toBe('postgres://u@h/db');
  });

  it('names every bad field', () => {
    const file = join(dir, 'bad.json');
    writeFileSync(
      file,
      JSON.stringify({ worker: { concurrency: -1, leaseMs: 'long' }, database: { durability: 'maybe' } }),
    );
    try {
      loadConfig({ file, env: { PORT: 'eighty' } });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ValidationError);
      expect((err as ValidationError).issues.map((i) => i.path).sort()).toEqual([
        'database.durability',
        'http.port',
        'worker.concurrency',
        'worker.leaseMs',
      ]);
    }
  });
});

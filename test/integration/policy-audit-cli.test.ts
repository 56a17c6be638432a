import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRepositories } from '../../src/app/repositories.ts';
import type { NewAuditEntry } from '../../src/audit/index.ts';
import { openDatabase } from '../../src/db/index.ts';
import { SqliteStore } from '../../src/store/sqlite/index.ts';

const bin = join(import.meta.dirname, '../../bin/psizero.js');
const dir = mkdtempSync(join(tmpdir(), 'psizero-policy-cli-'));

function cli(env: Record<string, string>, ...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { env: { ...process.env, ...env }, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const action = {
  id: 'refund-42',
  title: 'Refund invoice 42',
  classification: {
    impact: 'medium',
    complexity: 'simple',
    reversibility: 'reversible',
    stakeholders: 'customer_facing',
    financialImpact: 4200,
    timeToExecute: 5,
  },
};

describe('psizero policy', () => {
  const actionFile = join(dir, 'action.json');
  const policyFile = join(dir, 'policy.yaml');
  beforeAll(() => {
    writeFileSync(actionFile, JSON.stringify(action));
    writeFileSync(policyFile, 'autonomy:\n  level1BelowUsd: 5000\napprovals:\n  defaultKind: synchronous\n');
  });

  it('shows the effective policy, from PSIZERO_POLICY when set', () => {
    const defaults = cli({}, 'policy', 'show');
    expect(defaults.code).toBe(0);
    expect(defaults.out).toContain('# effective policy (from built-in defaults)');
    expect(defaults.out).toMatch(/level1BelowUsd: 1000\n/);
    const custom = cli({ PSIZERO_POLICY: policyFile }, 'policy', 'show', '--json');
    expect((JSON.parse(custom.out) as { autonomy: { level1BelowUsd: number } }).autonomy.level1BelowUsd).toBe(5000);
  });

  it('explains a proposed action with the decision record', () => {
    const r = cli({}, 'policy', 'explain', actionFile);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Decision: Level 2 (PsiZero executes only after approval)');
    expect(r.out).toContain('Level 2: financial impact $4,200 is above $1,000');
    expect(r.out).toContain('Approval: asynchronous, 1 of 1 required; waits 4 hours');
    expect(cli({ PSIZERO_POLICY: policyFile }, 'policy', 'explain', actionFile).out).toContain(
      'Approval: synchronous, 1 of 1 required; waits 5 minutes',
    );
  });

  it('documents its input: --help gives the format and an example, --example prints one it explains', () => {
    const help = cli({}, 'policy', 'explain', '--help');
    expect(help.code).toBe(0);
    expect(help.out).toContain('impact:         low | medium | high | critical');
    expect(help.out).toContain('"financialImpact": 4200');
    const example = cli({}, 'policy', 'explain', '--example');
    expect(example.code).toBe(0);
    const exampleFile = join(dir, 'example.json');
    writeFileSync(exampleFile, example.out);
    const explained = cli({}, 'policy', 'explain', exampleFile);
    expect(explained.code).toBe(0);
    expect(explained.out).toContain('Decision: Level 2 (PsiZero executes only after approval)');
    expect(explained.out).toContain('Refund $4,200 in full [refund_full]');
    const piped = spawnSync(process.execPath, [bin, 'policy', 'explain', '-'], {
      input: example.out,
      encoding: 'utf8',
    });
    expect(piped.stdout).toBe(explained.out);
    expect(cli({}, 'policy', 'explain')).toMatchObject({
      code: 1,
      err: expect.stringContaining('--example') as unknown,
    });
  });

  it('names bad fields, bad JSON and a bad policy file, and exits 1', () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(
      bad,
      JSON.stringify({
        ...action,
        classification: { ...action.classification, impact: 'huge', financialImpact: '4200' },
        extra: 1,
      }),
    );
    const fields = cli({}, 'policy', 'explain', bad);
    expect(fields.code).toBe(1);
    expect(fields.err).toContain('error ACTION_INVALID');
    expect(fields.err).toContain('classification.impact: expected one of "low", "medium", "high", "critical"');
    expect(fields.err).toContain('classification.financialImpact: expected number, received string');
    expect(fields.err).toContain('extra: unknown field');
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{ "id": ');
    expect(cli({}, 'policy', 'explain', broken)).toMatchObject({
      code: 1,
      err: expect.stringMatching(/ACTION_INVALID.*not valid JSON/) as unknown,
    });
    expect(cli({}, 'policy', 'explain', join(dir, 'missing.json'))).toMatchObject({
      code: 1,
      err: expect.stringContaining('FILE_UNREADABLE') as unknown,
    });
    const badPolicy = join(dir, 'bad-policy.yaml');
    writeFileSync(badPolicy, 'autonmy: {}\n');
    expect(cli({ PSIZERO_POLICY: badPolicy }, 'policy', 'show')).toMatchObject({
      code: 1,
      err: expect.stringContaining('autonmy: unknown field') as unknown,
    });
  });
});

describe('psizero audit', () => {
  const db = join(dir, 'audit.db');
  beforeAll(async () => {
    const database = await openDatabase({ sqlitePath: db });
    const { audit } = createRepositories(database.db);
    for (let n = 1; n <= 4; n++) {
      // Only the fields the listing reads, so the entries are cast to their kinds.
      await audit.append([
        {
          at: Date.UTC(2026, 2, 2, 9, n),
          kind: n === 2 ? 'approval_decision' : 'decision_record',
          actor: n === 2 ? 'fiona' : 'system',
          channel: n === 2 ? 'slack' : 'system',
          runId: 'run_1',
          approvalId: null,
          actionId: `act_${n}`,
          data:
            n === 2
              ? { verdict: 'approve', requirement: 'finance_manager', statusAfter: 'approved', comment: 'ok' }
              : { record: { level: 2, title: `Action ${n}` } },
          key: null,
        } as NewAuditEntry,
      ]);
    }
    await database.close();
  });

  it('lists entries and verifies an intact log', () => {
    const list = cli({ PSIZERO_DB: db }, 'audit', 'list');
    expect(list.code).toBe(0);
    expect(list.out).toMatch(/^SEQ\s+AT\s+KIND\s+ACTOR\s+CHANNEL\s+SUBJECT\s+DETAIL/);
    expect(list.out).toMatch(
      /2\s+2026-03-02T09:02:00Z\s+approval_decision\s+fiona\s+slack\s+act_2\s+approve as finance_manager -> approved: ok/,
    );
    expect(cli({ PSIZERO_DB: db }, 'audit', 'list', '--actor', 'fiona', '--json').out).toContain('"seq": 2');
    const ok = cli({ PSIZERO_DB: db }, 'audit', 'verify');
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/^audit log intact: 4 entries, head #4 [0-9a-f]{64}\n$/);
  });

  it('reports the first tampered entry and exits 1', () => {
    const store = new SqliteStore({ path: db });
    store.db.exec(
      'DROP TRIGGER audit_log_no_update; UPDATE audit_log SET data = \'{"record":{"level":1}}\' WHERE seq = 3;',
    );
    store.db.close();
    const r = cli({ PSIZERO_DB: db }, 'audit', 'verify');
    expect(r.code).toBe(1);
    expect(r.out).toBe(
      'audit log TAMPERED at entry #3 (edited): entry #3 was edited: its content no longer matches its hash\n',
    );
  });
});

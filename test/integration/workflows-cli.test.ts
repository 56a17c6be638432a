/**
 * `psizero workflows list/explain`, the policy file's `workflows:` names checked by `policy show`
 * and at start, and the same table on the dashboard's Policy page.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkflowSummary } from '../../src/policy/index.ts';
import { createApiBed, type ApiBed } from '../helpers/api-bed.ts';
import { sqliteFactory } from '../helpers/databases.ts';

const bin = join(import.meta.dirname, '../../bin/psizero.js');
const dir = mkdtempSync(join(tmpdir(), 'psizero-workflows-cli-'));

function cli(env: Record<string, string>, ...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: dir,
    env: { ...process.env, PSIZERO_DB: join(dir, 'never-created.db'), ...env },
    encoding: 'utf8',
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const REGISTERED =
  'registered workflows: billing.case-recovered, billing.cycle, billing.daily, billing.dispute, ' +
  'billing.outside-payment, billing.recovery, briefing.morning, demo.await-payment, demo.heartbeat, demo.order';

describe('psizero workflows', () => {
  const overrides = join(dir, 'overrides.yaml');
  const typo = join(dir, 'typo.yaml');
  beforeAll(() => {
    writeFileSync(
      overrides,
      [
        'workflows:',
        '  billing.recovery:',
        '    classification: { impact: high }',
        '    escalationTriggers: { customerImpactCount: 2 }',
        '    actions:',
        '      billing.recovery: { approvalKind: synchronous }',
        '',
      ].join('\n'),
    );
    writeFileSync(typo, 'workflows:\n  billing.recovry:\n    autonomyLevel: 3\n');
  });

  it('lists every registered workflow with version, level, classification, triggers and sources', () => {
    const r = cli({}, 'workflows', 'list');
    expect(r.code).toBe(0);
    expect(r.out).toContain('billing.recovery (version 2): Level 2 (declared: workflow code default)');
    expect(r.out).toContain('billing.cycle (version 2): Level 1 (declared: workflow code default)');
    expect(r.out).toMatch(/impact\s+medium\s+workflow code default/);
    expect(r.out).toMatch(/financial threshold\s+Level 2 at or above \$1,000\s+global policy/);
    expect(r.out).toMatch(/approval kind\s+asynchronous\s+global policy/);
    for (const name of [
      'billing.daily',
      'billing.dispute',
      'billing.outside-payment',
      'billing.case-recovered',
      'demo.order',
    ]) {
      expect(r.out).toContain(`${name} (version 1): Level 1`);
    }
    // Nothing of the configured database is touched: it is never even created.
    expect(existsSync(join(dir, 'never-created.db'))).toBe(false);
  });

  it('names the policy file where it overrides the code, as text and as JSON', () => {
    const text = cli({ PSIZERO_POLICY: overrides }, 'workflows', 'list');
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/impact\s+high\s+policy file \(workflows\.billing\.recovery\)/);
    expect(text.out).toMatch(/customer impact count\s+Level 2 above 2 customers\s+policy file/);
    expect(text.out).toMatch(
      /approval kind of billing\.recovery\s+synchronous\s+policy file \(workflows\.billing\.recovery\.actions\.billing\.recovery\)/,
    );
    const json = cli({ PSIZERO_POLICY: overrides }, 'workflows', 'list', '--json');
    const list = JSON.parse(json.out) as WorkflowSummary[];
    const recovery = list.find((w) => w.name === 'billing.recovery')!;
    expect(recovery).toMatchObject({
      version: 2,
      level: { value: 2, source: 'code' },
      classification: { impact: { value: 'high', source: 'policy' }, complexity: { value: 'simple', source: 'code' } },
      escalationTriggers: {
        customerImpactCount: { value: 2, source: 'policy' },
        financialThreshold: { value: 1000, source: 'global' },
      },
      approvalKind: { value: 'asynchronous', source: 'global' },
      actionKinds: { 'billing.recovery': 'synchronous' },
    });
    expect(list.map((w) => w.name)).toContain('demo.heartbeat');
  });

  it('explains a workflow with the decision record the seed’s rule gives it', () => {
    const r = cli({}, 'workflows', 'explain', 'billing.recovery');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Decision: Level 2 (PsiZero executes only after approval)');
    expect(r.out).toContain('Level 2: impact is medium (only low-impact actions run without approval)');
    expect(r.out).toContain('Where the values came from (workflow billing.recovery, action type billing.recovery):');
    expect(r.out).toContain('  - stakeholders: customer facing (workflow code default)');
    const cycle = cli({}, 'workflows', 'explain', 'billing.cycle', '--json');
    expect(JSON.parse(cycle.out)).toMatchObject({ level: 1, sources: { workflow: 'billing.cycle' } });
  });

  it('refuses an unknown name, listing the registered workflows', () => {
    const r = cli({}, 'workflows', 'explain', 'billing.recovry');
    expect(r.code).toBe(1);
    expect(r.err).toContain(`error UNKNOWN_WORKFLOW: unknown workflow "billing.recovry"; ${REGISTERED}`);
  });

  it('policy show and start refuse a policy file naming a workflow that is not registered', () => {
    const shown = cli({ PSIZERO_POLICY: typo }, 'policy', 'show');
    expect(shown.code).toBe(1);
    expect(shown.err).toContain(
      `error POLICY_INVALID: invalid policy in ${typo}: workflows.billing.recovry: unknown workflow "billing.recovry"; ${REGISTERED}`,
    );
    expect(cli({ PSIZERO_POLICY: overrides }, 'policy', 'show').code).toBe(0);
    const started = cli({ PSIZERO_POLICY: typo, PSIZERO_DB: join(dir, 'start.db') }, 'start', '--no-seed');
    expect(started.code).toBe(1);
    expect(started.err).toContain('workflows.billing.recovry: unknown workflow "billing.recovry"');
  });
});

describe('the dashboard’s Policy page', () => {
  let bed: ApiBed;
  beforeAll(async () => {
    bed = await createApiBed(sqliteFactory, {
      policy: { workflows: { 'billing.recovery': { approvalKind: 'synchronous' } } },
    });
  });
  afterAll(async () => {
    await bed.close();
  });

  it('shows the workflows table with each value’s source', async () => {
    const res = await bed.call('GET', '/policy', { as: await bed.signIn('fiona') });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<h2 id="workflows-title" class="mb-s">Workflows</h2>');
    expect(html).toContain('<span class="mono">billing.recovery</span> <span class="faint small">v2</span>');
    expect(html).toContain('impact: medium <span class="faint small">(workflow code default)</span>');
    expect(html).toContain('synchronous <span class="faint small">(policy file (workflows.billing.recovery))</span>');
    // Registered after the app was assembled (the test bed's refund workflow): listed, without a classification.
    expect(html).toContain('<span class="mono">test.refund</span>');
    expect(html).toContain('none: each action gives its own');
  });

  it('the app refuses to assemble over a policy naming an unknown workflow', async () => {
    await expect(createApiBed(sqliteFactory, { policy: { workflows: { 'billing.recovry': {} } } })).rejects.toThrow(
      'workflows.billing.recovry: unknown workflow "billing.recovry"; registered workflows: billing.case-recovered',
    );
  });
});

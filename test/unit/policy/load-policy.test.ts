import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src/lib/errors.ts';
import {
  DEFAULT_POLICY,
  PolicyLoadError,
  PolicySchema,
  PolicyValidationError,
  loadPolicy,
  resolvePolicy,
} from '../../../src/policy/index.ts';
import type { FieldIssue } from '../../../src/policy/index.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'psizero-policy-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

function issuesOf(overrides: unknown): FieldIssue[] {
  try {
    resolvePolicy(overrides);
  } catch (err) {
    if (err instanceof PolicyValidationError) return err.issues;
    throw err;
  }
  throw new Error('expected the policy to be rejected');
}

const people = DEFAULT_POLICY.directory.people;

describe('defaults', () => {
  it('are the seed numbers and pass their own schema', () => {
    expect(PolicySchema.parse(DEFAULT_POLICY)).toEqual(DEFAULT_POLICY);
    expect(DEFAULT_POLICY.autonomy).toEqual({ level1BelowUsd: 1000, level3AboveUsd: 10000 });
    expect(DEFAULT_POLICY.routing.financial.tiers.map((t) => [t.underUsd, t.role])).toEqual([
      [1000, null],
      [5000, 'finance_manager'],
      [25000, 'cfo'],
      [null, 'board'],
    ]);
    const kinds = DEFAULT_POLICY.approvals.kinds;
    expect([
      kinds.synchronous.timeoutMinutes,
      kinds.asynchronous.timeoutMinutes,
      kinds.consensus.timeoutMinutes,
    ]).toEqual([5, 240, 1440]);
    expect([kinds.synchronous.fallback, kinds.asynchronous.fallback, kinds.consensus.fallback]).toEqual([
      'escalate_to_backup',
      'proceed_with_conservative_default',
      'escalate_to_final_decision_maker',
    ]);
  });

  it('load without a path, frozen all the way down', async () => {
    const policy = await loadPolicy();
    expect(policy).toEqual(DEFAULT_POLICY);
    expect(Object.isFrozen(policy)).toBe(true);
    expect(Object.isFrozen(policy.routing.financial.tiers[0])).toBe(true);
    expect(Object.isFrozen(policy.directory.people[0]?.roles)).toBe(true);
  });
});

describe('loadPolicy reads YAML and JSON and deep-merges over the defaults', () => {
  it('YAML: a partial document changes only what it names', async () => {
    const path = await file(
      'policy.yaml',
      ['autonomy:', '  level1BelowUsd: 500', 'approvals:', '  kinds:', '    consensus:', '      quorum: 2', ''].join(
        '\n',
      ),
    );
    const policy = await loadPolicy(path);
    expect(policy.autonomy).toEqual({ level1BelowUsd: 500, level3AboveUsd: 10000 });
    expect(policy.approvals.kinds.consensus).toEqual({
      timeoutMinutes: 1440,
      fallback: 'escalate_to_final_decision_maker',
      quorum: 2,
    });
    expect(policy.routing).toEqual(DEFAULT_POLICY.routing);
  });

  it('JSON (.json) and .yml work, and arrays replace the default', async () => {
    const tiers = [
      { underUsd: 100, role: null },
      { underUsd: null, role: 'cfo' },
    ];
    const json = await loadPolicy(await file('p.json', JSON.stringify({ routing: { financial: { tiers } } })));
    expect(json.routing.financial.tiers).toEqual(tiers);
    expect((await loadPolicy(await file('p.yml', 'version: 1\n'))).version).toBe(1);
  });

  it('an empty file means all defaults', async () => {
    expect(await loadPolicy(await file('empty.yaml', ''))).toEqual(DEFAULT_POLICY);
  });

  it('names the file and the field in the error', async () => {
    const yaml = [
      'routing:',
      '  financial:',
      '    tiers:',
      '      - { underUsd: 1000, role: null }',
      '      - { underUsd: "5000", role: cfo }',
    ];
    const path = await file('bad.yaml', `${yaml.join('\n')}\n`);
    const err = await loadPolicy(path).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PolicyValidationError);
    expect(err).toBeInstanceOf(ValidationError);
    const e = err as PolicyValidationError;
    expect(e.code).toBe('POLICY_INVALID');
    expect(e.retryable).toBe(false);
    expect(e.issues).toEqual([
      { path: 'routing.financial.tiers[1].underUsd', message: 'expected number, received string' },
    ]);
    expect(e.message).toContain(
      `invalid policy in ${path}: routing.financial.tiers[1].underUsd: expected number, received string`,
    );
  });

  it('reports syntax errors as validation errors', async () => {
    const yaml = await loadPolicy(await file('broken.yaml', 'autonomy: [1, 2\n')).catch((e: unknown) => e);
    expect(yaml).toBeInstanceOf(PolicyValidationError);
    expect((yaml as PolicyValidationError).issues[0]?.message).toMatch(/^not valid YAML: /);
    const json = await loadPolicy(await file('broken.json', '{"autonomy": ')).catch((e: unknown) => e);
    expect((json as PolicyValidationError).issues[0]?.message).toMatch(/^not valid JSON: /);
    const list = await loadPolicy(await file('list.yaml', '- 1\n- 2\n')).catch((e: unknown) => e);
    expect((list as PolicyValidationError).issues).toEqual([
      { path: '', message: 'expected an object, received array' },
    ]);
  });

  it('fails with PolicyLoadError when the file cannot be read or has another extension', async () => {
    const missing = await loadPolicy(join(dir, 'nope.yaml')).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(PolicyLoadError);
    expect((missing as PolicyLoadError).code).toBe('POLICY_UNREADABLE');
    const toml = await loadPolicy(await file('p.toml', 'x = 1')).catch((e: unknown) => e);
    expect((toml as PolicyLoadError).message).toMatch(/\.yaml, \.yml or \.json/);
  });
});

describe('validation names every bad field', () => {
  it('types, enums, ranges and unknown fields', () => {
    expect(
      issuesOf({
        autonomy: { level1BelowUsd: -5 },
        escalation: { modelConfidence: { level2Below: 'high' } },
        approvals: { defaultKind: 'whenever', kinds: { synchronous: { timeoutMinutes: 0 } } },
        autonmy: {},
        routing: { financial: { tiers: [{ underUsd: null, role: null, colour: 'red' }] } },
      }),
    ).toEqual([
      { path: 'autonomy.level1BelowUsd', message: expect.stringMatching(/>=0/) as unknown },
      { path: 'escalation.modelConfidence.level2Below', message: 'expected number, received string' },
      { path: 'routing.financial.tiers[0].colour', message: 'unknown field' },
      { path: 'approvals.defaultKind', message: 'expected one of "synchronous", "asynchronous", "consensus"' },
      { path: 'approvals.kinds.synchronous.timeoutMinutes', message: expect.stringMatching(/>0/) as unknown },
      { path: 'autonmy', message: 'unknown field' },
    ]);
  });

  it('tiers must ascend, end open, and never route more money to less authority', () => {
    expect(
      issuesOf({
        routing: {
          financial: {
            tiers: [
              { underUsd: 5000, role: 'cfo' },
              { underUsd: 1000, role: 'finance_manager' },
              { underUsd: null, role: 'board' },
              { underUsd: 9e6, role: 'board' },
            ],
          },
        },
      }),
    ).toEqual([
      {
        path: 'routing.financial.tiers[1].underUsd',
        message: "tiers must ascend: 1000 is not above the previous tier's 5000",
      },
      { path: 'routing.financial.tiers[1].role', message: '"finance_manager" ranks below the previous tier\'s "cfo"' },
      { path: 'routing.financial.tiers[2].underUsd', message: 'only the last tier may be open-ended (null)' },
      {
        path: 'routing.financial.tiers[3].underUsd',
        message: 'the last tier must be open-ended (null) so every amount has an approver',
      },
    ]);
    expect(
      issuesOf({
        routing: {
          financial: {
            tiers: [
              { underUsd: 10, role: 'cfo' },
              { underUsd: null, role: null },
            ],
          },
        },
      }),
    ).toEqual([
      { path: 'routing.financial.tiers[1].role', message: 'auto-approval ranks below the previous tier\'s "cfo"' },
    ]);
  });

  it('routed roles must exist and be held; backups must be other, real people', () => {
    expect(
      issuesOf({
        routing: { defaultApproverRole: 'janitor' },
        directory: {
          people: people
            .filter((p) => !p.roles.includes('board'))
            .map((p) =>
              p.id === 'sam'
                ? { ...p, backupId: 'sam' }
                : p.id === 'tara'
                  ? { ...p, backupId: 'zed', roles: ['cso'] }
                  : p,
            ),
        },
      }),
    ).toEqual([
      { path: 'routing.defaultApproverRole', message: 'unknown role "janitor"; add it to roles' },
      { path: 'routing.financial.tiers[3].role', message: 'nobody in directory.people holds the role "board"' },
      { path: 'directory.people[4].backupId', message: 'a person cannot be their own backup' },
      { path: 'directory.people[5].roles[0]', message: 'unknown role "cso"; add it to roles' },
      { path: 'directory.people[5].backupId', message: 'no person with id "zed"' },
    ]);
  });

  it('people: unique ids, valid email and Slack id; roles listed once', () => {
    const first = people[0];
    if (first === undefined) throw new Error('default directory is empty');
    expect(
      issuesOf({
        roles: [...DEFAULT_POLICY.roles, 'cfo'],
        directory: { people: [...people, { ...first, email: 'not-an-email', slackUserId: 'bob' }] },
      }),
    ).toEqual([
      { path: 'directory.people[7].email', message: 'Invalid email address' },
      { path: 'directory.people[7].slackUserId', message: 'expected a Slack user id such as U024BE7LH' },
      { path: 'roles[7]', message: '"cfo" is listed twice' },
      { path: 'directory.people[7].id', message: '"olivia" is used by more than one person' },
    ]);
  });

  it('does not let a "__proto__" key reach the prototype', () => {
    expect(issuesOf(JSON.parse('{"__proto__": {"polluted": true}}'))).toEqual([
      { path: '__proto__', message: 'unknown field' },
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  applyDecision,
  openApproval,
  type ApprovalRepository,
  type StoredApproval,
} from '../../src/approvals/index.ts';
import { DEFAULT_POLICY, buildDecisionRecord } from '../../src/policy/index.ts';
import type { Database } from '../../src/db/index.ts';
import { createRepositories } from '../../src/app/repositories.ts';
import { databaseFactories } from '../helpers/databases.ts';

const T0 = Date.UTC(2026, 2, 2, 9);
const record = buildDecisionRecord(
  {
    id: 'act-1',
    title: 'Refund $4,200',
    classification: {
      impact: 'medium',
      complexity: 'simple',
      reversibility: 'reversible',
      stakeholders: 'customer_facing',
      financialImpact: 4200,
      timeToExecute: 1,
    },
  },
  DEFAULT_POLICY,
);

function approval(id: string, runId = 'run_1', createdAt = T0): StoredApproval {
  return openApproval({ id, runId, record, now: createdAt }, DEFAULT_POLICY.directory, DEFAULT_POLICY.businessCalendar);
}

function approved(a: StoredApproval, at = T0 + 1_000): StoredApproval {
  return applyDecision(
    a,
    { approvalId: a.id, by: 'fiona', verdict: 'approve', channel: 'cli' },
    at,
    DEFAULT_POLICY.directory,
  );
}

describe.each(databaseFactories())('approval repository on $name', (factory) => {
  let database: Database;
  let repo: ApprovalRepository;
  beforeEach(async () => {
    database = await factory.create();
    repo = createRepositories(database.db).approvals;
  });
  afterEach(async () => {
    await database.close();
  });

  it('creates idempotently and round-trips every field', async () => {
    const a = approval('apr_1');
    expect(await repo.create(a)).toEqual({ approval: a, created: true });
    expect(await repo.create({ ...a, title: 'changed' })).toEqual({ approval: a, created: false });
    expect(await repo.get('apr_1')).toEqual(a);
    expect(await repo.get('apr_none')).toBeNull();
  });

  it('updates only by compare-and-set on the version', async () => {
    const a = approval('apr_1');
    await repo.create(a);
    const next = approved(a);
    expect(await repo.update(next, a.version)).toBe(true);
    expect(await repo.update(approved(a, T0 + 2_000), a.version)).toBe(false);
    expect(await repo.get('apr_1')).toEqual(next);
  });

  it('lists newest first, by status and run', async () => {
    for (const [i, runId] of ['run_1', 'run_2', 'run_1'].entries())
      await repo.create(approval(`apr_${i}`, runId, T0 + i));
    await repo.update(approved(approval('apr_0', 'run_1', T0)), 1);
    expect((await repo.list()).map((a) => a.id)).toEqual(['apr_2', 'apr_1', 'apr_0']);
    expect((await repo.list({ runId: 'run_1' })).map((a) => a.id)).toEqual(['apr_2', 'apr_0']);
    expect((await repo.list({ status: ['approved', 'rejected'] })).map((a) => a.id)).toEqual(['apr_0']);
    expect((await repo.list({ status: 'pending', limit: 1 })).map((a) => a.id)).toEqual(['apr_2']);
  });

  it('keeps the outbox pending when a newer change arrived before the publication was recorded', async () => {
    const a = approval('apr_1');
    await repo.create(a);
    const next = approved(a);
    await repo.update(next, 1);
    expect((await repo.listOutboxPending(10)).map((x) => x.id)).toEqual(['apr_1']);
    await repo.markPublished('apr_1', next.version - 1, 1, T0 + 5_000);
    expect(await repo.get('apr_1')).toMatchObject({
      outboxPending: true,
      publishedAt: T0 + 5_000,
      publishCount: 1,
      version: 2,
    });
    await repo.clearOutbox('apr_1', 1);
    expect((await repo.get('apr_1'))?.outboxPending).toBe(true);
    await repo.markPublished('apr_1', next.version, 1, T0 + 6_000);
    expect(await repo.listOutboxPending(10)).toEqual([]);
  });

  it('finds decided approvals not yet read by their run, until acknowledged or past the deadline', async () => {
    const a = approval('apr_1');
    await repo.create(a);
    await repo.create(approval('apr_pending'));
    await repo.update(approved(a), 1);
    expect(await repo.listUnacknowledged(T0 + 60_000, T0 + 60_000, 10)).toEqual([]);
    await repo.markPublished('apr_1', 2, 1, T0 + 1_000);
    expect(await repo.listUnacknowledged(T0 + 999, T0 + 61_000, 10)).toEqual([]);
    expect((await repo.listUnacknowledged(T0 + 1_000, T0 + 61_000, 10)).map((x) => x.id)).toEqual(['apr_1']);
    expect(await repo.listUnacknowledged(T0 + 1_000, a.deadline, 10)).toEqual([]);
    await repo.acknowledge('apr_1', T0 + 70_000);
    await repo.acknowledge('apr_1', T0 + 80_000);
    expect((await repo.get('apr_1'))?.acknowledgedAt).toBe(T0 + 70_000);
    expect(await repo.listUnacknowledged(T0 + 1_000, T0 + 61_000, 10)).toEqual([]);
  });

  it('uses a link nonce exactly once, even when redeemed concurrently', async () => {
    const link = {
      nonce: 'nonce-1-abcdefghijkl',
      approvalId: 'apr_1',
      personId: 'fiona',
      intent: 'approve' as const,
      createdAt: T0,
      expiresAt: T0 + 1_000,
      usedAt: null,
    };
    await repo.saveLink(link);
    expect(await repo.getLink(link.nonce)).toEqual(link);
    const uses = await Promise.all(Array.from({ length: 5 }, () => repo.useLink(link.nonce, T0 + 10)));
    expect(uses.filter(Boolean)).toHaveLength(1);
    expect(await repo.getLink(link.nonce)).toEqual({ ...link, usedAt: T0 + 10 });
    expect(await repo.useLink('unknown', T0)).toBe(false);
  });
});

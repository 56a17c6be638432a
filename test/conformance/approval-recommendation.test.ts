/**
 * The recommendation a person deciding needs is stored on the approval itself (and survives the
 * round trip); approvals opened before that was so get it from their decision record in the audit
 * log when the database is upgraded (migration 0007).
 */
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openApproval, type Recommendation, type StoredApproval } from '../../src/approvals/index.ts';
import { createRepositories, type Repositories } from '../../src/app/repositories.ts';
import type { Database } from '../../src/db/index.ts';
import { DEFAULT_POLICY, buildDecisionRecord } from '../../src/policy/index.ts';
import { databaseFactories } from '../helpers/databases.ts';

const T0 = Date.UTC(2026, 2, 2, 9);
const record = (actionId: string) =>
  buildDecisionRecord(
    {
      id: actionId,
      title: 'Write off $4,200',
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
const RECOMMENDATION = { summary: 'Extend the grace period by 7 days', details: { reason: 'long-standing customer' } };

function approval(id: string, actionId: string, recommendation: Recommendation | null): StoredApproval {
  return openApproval(
    { id, runId: 'run_1', record: record(actionId), recommendation, now: T0 },
    DEFAULT_POLICY.directory,
    DEFAULT_POLICY.businessCalendar,
  );
}

describe.each(databaseFactories())('approval recommendations on $name', (factory) => {
  let database: Database;
  let repositories: Repositories;
  beforeEach(async () => {
    database = await factory.create();
    repositories = createRepositories(database.db);
  });
  afterEach(async () => {
    await database.close();
  });

  it('stores the recommendation with the approval, and none when there is none', async () => {
    await repositories.approvals.create(approval('apr_with', 'act-with', RECOMMENDATION));
    await repositories.approvals.create(approval('apr_without', 'act-without', null));
    expect((await repositories.approvals.get('apr_with'))?.recommendation).toEqual(RECOMMENDATION);
    expect((await repositories.approvals.get('apr_without'))?.recommendation).toBeUndefined();
  });

  it('upgrading copies it from the decision record onto approvals opened before', async () => {
    const decisionRecord = (actionId: string, recommendation: unknown) => ({
      at: T0,
      kind: 'decision_record' as const,
      actor: 'system',
      channel: 'system',
      runId: 'run_1',
      approvalId: null,
      actionId,
      data: { record: record(actionId), recommendation },
      key: `run_1:gate:${actionId}:decide`,
    });
    await repositories.audit.append([
      decisionRecord('act-old', RECOMMENDATION),
      decisionRecord('act-none', null),
    ] as never);
    // As an older version wrote them: no recommendation in the approval.
    await repositories.approvals.create(approval('apr_old', 'act-old', null));
    await repositories.approvals.create(approval('apr_none', 'act-none', null));
    await repositories.approvals.create(approval('apr_new', 'act-new', { summary: 'Keep as is' }));

    await sql`DELETE FROM schema_migrations WHERE version = 7`.execute(database.db.kysely);
    await database.store.migrate();

    expect((await repositories.approvals.get('apr_old'))?.recommendation).toEqual(RECOMMENDATION);
    expect((await repositories.approvals.get('apr_none'))?.recommendation).toBeUndefined();
    expect((await repositories.approvals.get('apr_new'))?.recommendation).toEqual({ summary: 'Keep as is' });
    // Everything else about the approval is as it was.
    const { recommendation: _dropped, ...rest } = (await repositories.approvals.get('apr_old'))!;
    expect(rest).toEqual(approval('apr_old', 'act-old', null));
  });
});

/**
 * Approvals and approval-link nonces, written once for SQLite and PostgreSQL. Columns hold what SQL
 * filters on; everything else travels in one JSON `body`. Every change of an approval is a
 * compare-and-set on `version`: PostgreSQL re-checks the WHERE clause against the row a concurrent
 * writer committed, and SQLite has one writer, so of two racing deciders exactly one updates a row.
 */
import type { Insertable, Selectable } from 'kysely';
import type { Db } from '../db/index.ts';
import type { ApprovalLinksTable, ApprovalsTable } from '../db/tables.ts';
import type {
  ApprovalFilter,
  ApprovalLinkRecord,
  ApprovalStatus,
  LinkIntent,
  StoredApproval,
} from './approval-model.ts';

type ApprovalBody = Pick<
  StoredApproval,
  | 'title'
  | 'fallback'
  | 'timeoutMs'
  | 'approvalsNeeded'
  | 'finalDecisionMakerRole'
  | 'requirements'
  | 'record'
  | 'recommendation'
  | 'consequences'
  | 'rounds'
  | 'decisions'
>;

function approvalRow(a: StoredApproval): Insertable<ApprovalsTable> {
  const body: ApprovalBody = {
    title: a.title,
    fallback: a.fallback,
    timeoutMs: a.timeoutMs,
    approvalsNeeded: a.approvalsNeeded,
    finalDecisionMakerRole: a.finalDecisionMakerRole,
    requirements: a.requirements,
    record: a.record,
    ...(a.recommendation === undefined ? {} : { recommendation: a.recommendation }),
    ...(a.consequences === undefined ? {} : { consequences: a.consequences }),
    rounds: a.rounds,
    decisions: a.decisions,
  };
  return {
    id: a.id,
    run_id: a.runId,
    action_id: a.actionId,
    level: a.level,
    kind: a.kind,
    status: a.status,
    round: a.round,
    deadline: a.deadline,
    initiated_by: a.initiatedBy,
    created_at: a.createdAt,
    updated_at: a.updatedAt,
    resolved_at: a.resolvedAt,
    version: a.version,
    outbox_pending: a.outboxPending ? 1 : 0,
    published_at: a.publishedAt,
    publish_count: a.publishCount,
    acknowledged_at: a.acknowledgedAt,
    body: JSON.stringify(body),
  };
}

const optionalNumber = (v: number | null): number | null => (v === null ? null : Number(v));

function approvalFromRow(row: Selectable<ApprovalsTable>): StoredApproval {
  const body = JSON.parse(row.body) as ApprovalBody;
  return {
    id: row.id,
    runId: row.run_id,
    actionId: row.action_id,
    level: Number(row.level),
    kind: row.kind,
    status: row.status as ApprovalStatus,
    round: Number(row.round),
    deadline: Number(row.deadline),
    initiatedBy: row.initiated_by,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
    resolvedAt: optionalNumber(row.resolved_at),
    version: Number(row.version),
    outboxPending: Number(row.outbox_pending) === 1,
    publishedAt: optionalNumber(row.published_at),
    publishCount: Number(row.publish_count),
    acknowledgedAt: optionalNumber(row.acknowledged_at),
    ...body,
    // Decisions live in the JSON body, so adding `choice` needed no migration; rows written
    // before it existed simply lack the key.
    decisions: body.decisions.map((d) => ({ ...d, choice: d.choice ?? null })),
  };
}

function linkFromRow(row: Selectable<ApprovalLinksTable>): ApprovalLinkRecord {
  return {
    nonce: row.nonce,
    approvalId: row.approval_id,
    personId: row.person_id,
    intent: row.intent as LinkIntent,
    createdAt: Number(row.created_at),
    expiresAt: Number(row.expires_at),
    usedAt: optionalNumber(row.used_at),
  };
}

export class ApprovalRepository {
  constructor(private readonly db: Db) {}

  /** Inserts unless the id exists (then returns the stored row): creating an approval is idempotent. */
  async create(approval: StoredApproval): Promise<{ approval: StoredApproval; created: boolean }> {
    const result = await this.db.kysely
      .insertInto('approvals')
      .values(approvalRow(approval))
      .onConflict((oc) => oc.column('id').doNothing())
      .executeTakeFirst();
    const created = result.numInsertedOrUpdatedRows === 1n;
    return { approval: created ? approval : (await this.get(approval.id))!, created };
  }

  async get(id: string): Promise<StoredApproval | null> {
    const row = await this.db.kysely.selectFrom('approvals').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? approvalFromRow(row) : null;
  }

  /** Newest first; at most `limit` (default 100). */
  async list(filter: ApprovalFilter = {}): Promise<StoredApproval[]> {
    const statuses = filter.status === undefined ? null : [filter.status].flat();
    if (statuses?.length === 0) return [];
    const rows = await this.db.kysely
      .selectFrom('approvals')
      .selectAll()
      .$if(statuses !== null, (q) => q.where('status', 'in', statuses!))
      .$if(filter.runId !== undefined, (q) => q.where('run_id', '=', filter.runId!))
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(filter.limit ?? 100)
      .execute();
    return rows.map(approvalFromRow);
  }

  /** Compare-and-set: writes `next` only if the stored version is still `expectedVersion`. */
  async update(next: StoredApproval, expectedVersion: number): Promise<boolean> {
    const { id, ...changes } = approvalRow(next);
    const result = await this.db.kysely
      .updateTable('approvals')
      .set(changes)
      .where('id', '=', id)
      .where('version', '=', expectedVersion)
      .executeTakeFirst();
    return result.numUpdatedRows === 1n;
  }

  /** Approvals whose outbox is pending (a decision whose audit entry or wake-up may be missing), oldest change first. */
  async listOutboxPending(limit: number): Promise<StoredApproval[]> {
    const rows = await this.db.kysely
      .selectFrom('approvals')
      .selectAll()
      .where('outbox_pending', '=', 1)
      .orderBy('updated_at')
      .limit(limit)
      .execute();
    return rows.map(approvalFromRow);
  }

  /** Decided, not yet read by their run, last published at or before `publishedBefore`, deadline after `now`. */
  async listUnacknowledged(publishedBefore: number, now: number, limit: number): Promise<StoredApproval[]> {
    const rows = await this.db.kysely
      .selectFrom('approvals')
      .selectAll()
      .where('acknowledged_at', 'is', null)
      .where('published_at', 'is not', null)
      .where('published_at', '<=', publishedBefore)
      .where('status', 'in', ['approved', 'rejected'])
      .where('deadline', '>', now)
      .orderBy('published_at')
      .limit(limit)
      .execute();
    return rows.map(approvalFromRow);
  }

  /**
   * Records a publication. Clears the outbox only if the approval is still at `version` (a newer
   * decision keeps it pending); does not change the version, so it never fails a decider's CAS.
   */
  async markPublished(id: string, version: number, publishCount: number, now: number): Promise<void> {
    await this.db.kysely
      .updateTable('approvals')
      .set((eb) => ({
        published_at: now,
        publish_count: eb
          .case()
          .when('publish_count', '>', publishCount)
          .then(eb.ref('publish_count'))
          .else(publishCount)
          .end(),
        outbox_pending: eb.case().when('version', '=', version).then(0).else(eb.ref('outbox_pending')).end(),
      }))
      .where('id', '=', id)
      .execute();
  }

  /** Clears the outbox of an approval with nothing to publish (a vote that did not settle it). */
  async clearOutbox(id: string, version: number): Promise<void> {
    await this.db.kysely
      .updateTable('approvals')
      .set({ outbox_pending: 0 })
      .where('id', '=', id)
      .where('version', '=', version)
      .execute();
  }

  async acknowledge(id: string, now: number): Promise<void> {
    await this.db.kysely
      .updateTable('approvals')
      .set({ acknowledged_at: now })
      .where('id', '=', id)
      .where('acknowledged_at', 'is', null)
      .execute();
  }

  async saveLink(link: ApprovalLinkRecord): Promise<void> {
    await this.db.kysely
      .insertInto('approval_links')
      .values({
        nonce: link.nonce,
        approval_id: link.approvalId,
        person_id: link.personId,
        intent: link.intent,
        created_at: link.createdAt,
        expires_at: link.expiresAt,
        used_at: link.usedAt,
      })
      .execute();
  }

  async getLink(nonce: string): Promise<ApprovalLinkRecord | null> {
    const row = await this.db.kysely
      .selectFrom('approval_links')
      .selectAll()
      .where('nonce', '=', nonce)
      .executeTakeFirst();
    return row ? linkFromRow(row) : null;
  }

  /** Marks the link used; false when it is unknown or was used already (single use, race-free). */
  async useLink(nonce: string, now: number): Promise<boolean> {
    const result = await this.db.kysely
      .updateTable('approval_links')
      .set({ used_at: now })
      .where('nonce', '=', nonce)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    return result.numUpdatedRows === 1n;
  }
}

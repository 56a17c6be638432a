/**
 * Row mapping shared by the SQLite and PostgreSQL approval repositories. Columns hold what SQL
 * filters on; everything else travels in one JSON `body`, so both adapters stay small and alike.
 */
import type { ApprovalLinkRecord, ApprovalStatus, LinkIntent, StoredApproval } from './approval-types.ts';
import { fromJson, toJson } from './json.ts';

export interface ApprovalRow {
  id: string;
  run_id: string;
  action_id: string;
  level: number;
  kind: string;
  status: string;
  round: number;
  deadline: number | string;
  initiated_by: string | null;
  created_at: number | string;
  updated_at: number | string;
  resolved_at: number | string | null;
  version: number;
  outbox_pending: number | boolean;
  published_at: number | string | null;
  publish_count: number;
  acknowledged_at: number | string | null;
  body: string;
}

type ApprovalBody = Pick<
  StoredApproval,
  | 'title'
  | 'fallback'
  | 'timeoutMs'
  | 'approvalsNeeded'
  | 'finalDecisionMakerRole'
  | 'requirements'
  | 'record'
  | 'rounds'
  | 'decisions'
>;

export function approvalBody(a: StoredApproval): string {
  const body: ApprovalBody = {
    title: a.title,
    fallback: a.fallback,
    timeoutMs: a.timeoutMs,
    approvalsNeeded: a.approvalsNeeded,
    finalDecisionMakerRole: a.finalDecisionMakerRole,
    requirements: a.requirements,
    record: a.record,
    rounds: a.rounds,
    decisions: a.decisions,
  };
  return toJson(body);
}

/** Column values in the order of APPROVAL_COLUMNS. */
export function approvalValues(a: StoredApproval): unknown[] {
  return [
    a.id,
    a.runId,
    a.actionId,
    a.level,
    a.kind,
    a.status,
    a.round,
    a.deadline,
    a.initiatedBy,
    a.createdAt,
    a.updatedAt,
    a.resolvedAt,
    a.version,
    a.outboxPending ? 1 : 0,
    a.publishedAt,
    a.publishCount,
    a.acknowledgedAt,
    approvalBody(a),
  ];
}

export const APPROVAL_COLUMNS = [
  'id',
  'run_id',
  'action_id',
  'level',
  'kind',
  'status',
  'round',
  'deadline',
  'initiated_by',
  'created_at',
  'updated_at',
  'resolved_at',
  'version',
  'outbox_pending',
  'published_at',
  'publish_count',
  'acknowledged_at',
  'body',
] as const;

const optionalNumber = (v: number | string | null): number | null => (v === null ? null : Number(v));

export function approvalFromRow(row: ApprovalRow): StoredApproval {
  const body = fromJson<ApprovalBody>(row.body);
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
    outboxPending: row.outbox_pending === true || Number(row.outbox_pending) === 1,
    publishedAt: optionalNumber(row.published_at),
    publishCount: Number(row.publish_count),
    acknowledgedAt: optionalNumber(row.acknowledged_at),
    ...body,
    // Decisions live in the JSON body, so adding `choice` needed no migration; rows written
    // before it existed simply lack the key.
    decisions: body.decisions.map((d) => ({ ...d, choice: d.choice ?? null })),
  };
}

export interface ApprovalLinkRow {
  nonce: string;
  approval_id: string;
  person_id: string;
  intent: string;
  created_at: number | string;
  expires_at: number | string;
  used_at: number | string | null;
}

export function linkFromRow(row: ApprovalLinkRow): ApprovalLinkRecord {
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

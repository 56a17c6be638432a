/**
 * Row shapes and their mapping, shared by both adapters (PostgreSQL returns bigint columns as
 * numbers through the pool's parser, but the mappers coerce anyway).
 */
import type { SerializedError } from '../lib/errors.ts';
import type { HistoryEvent, RunRecord, RunStatus, StoredEvent } from './types.ts';

/** JSON text columns: undefined is stored as null so a round trip is stable. */
export function toJson(value: unknown): string {
  return JSON.stringify(value === undefined ? null : value);
}

export function fromJson<T = unknown>(text: string | null): T {
  return (text === null ? null : JSON.parse(text)) as T;
}

export interface RunRow {
  id: string;
  workflow: string;
  version: number;
  status: string;
  input: string | null;
  output: string | null;
  error: string | null;
  idempotency_key: string | null;
  parent_id: string | null;
  created_at: number | string;
  updated_at: number | string;
  runnable_at: number | string | null;
  lease_owner: string | null;
  lease_until: number | string;
  history_length: number;
}

/** Maps a runs row from either adapter (PostgreSQL returns bigint columns as strings). */
export function runFromRow(row: RunRow): RunRecord {
  return {
    id: row.id,
    workflow: row.workflow,
    version: Number(row.version),
    status: row.status as RunStatus,
    input: fromJson(row.input),
    output: fromJson(row.output),
    error: fromJson<SerializedError | null>(row.error),
    idempotencyKey: row.idempotency_key,
    parentId: row.parent_id,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
    runnableAt: row.runnable_at === null ? null : Number(row.runnable_at),
    leaseOwner: row.lease_owner,
    leaseUntil: Number(row.lease_until),
    historyLength: Number(row.history_length),
  };
}

export interface HistoryRow {
  run_id: string;
  seq: number;
  type: string;
  at: number;
  data: string;
}

export function historyFromRow(h: HistoryRow): HistoryEvent {
  return { seq: Number(h.seq), type: h.type, at: Number(h.at), data: fromJson(h.data) };
}

export interface EventRow {
  seq: number;
  id: string;
  topic: string;
  payload: string;
  published_at: number;
  source_run_id: string | null;
}

export function eventFromRow(e: EventRow): StoredEvent {
  return {
    seq: Number(e.seq),
    id: e.id,
    topic: e.topic,
    payload: fromJson(e.payload),
    publishedAt: Number(e.published_at),
    sourceRunId: e.source_run_id,
  };
}

/** Appends `value` to the list under `key` (rows of many runs, grouped by run). */
export function appendTo<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * What every entity writer receives and returns. Writers run inside the caller's transaction,
 * never publish themselves (they return events for the outbox), and report per-record rejections
 * that need the database to detect (an unknown customer, an invoice of another customer).
 */
import type { FieldIssue } from '../../lib/errors.ts';
import type { SqlDialect, DbTransaction } from '../../db/database.ts';
import type { DomainEvent } from '../events.ts';

export interface WriteContext {
  trx: DbTransaction;
  dialect: SqlDialect;
  now: number;
}

/** A validated record with its position in the caller's batch. */
export interface Item<R> {
  index: number;
  /** The record's identity within its entity (id, or e.g. customerId:day), for duplicates and reports. */
  key: string;
  record: R;
  /** Whether this record's changes also become domain events. */
  publish: boolean;
}

export interface Rejection {
  index: number;
  issues: FieldIssue[];
}

export interface WriteOutcome {
  written: number;
  unchanged: number;
  rejected: Rejection[];
  events: DomainEvent[];
}

export type EntityWriter<R> = (ctx: WriteContext, items: readonly Item<R>[]) => Promise<WriteOutcome>;

/** Field names whose values differ (JSON comparison, so nested lines and numbers-as-strings compare sanely). */
export function changedFields<T extends object>(
  prev: T,
  next: T,
  keys: readonly (keyof T & string)[],
): (keyof T & string)[] {
  return keys.filter((k) => JSON.stringify(prev[k]) !== JSON.stringify(next[k]));
}

/** What every stored entity carries besides its own fields. */
export interface Versioned {
  version: number;
  createdAt: number;
  updatedAt: number;
}

/**
 * The entity as it will be stored (its next version; the creation time kept, unless the record
 * carries its own, as a ticket does) and the tracked fields that changed; null when an existing
 * entity would not change, so it is not written.
 */
export function nextVersion<E extends Versioned>(
  prev: E | undefined,
  fields: Omit<E, keyof Versioned> & Partial<Pick<E, 'createdAt'>>,
  now: number,
  tracked: readonly (keyof E & string)[],
): { next: E; changes: (keyof E & string)[] } | null {
  const version = (prev?.version ?? 0) + 1;
  const next = { createdAt: prev?.createdAt ?? now, ...fields, version, updatedAt: now } as E;
  const changes = prev ? changedFields(prev, next, tracked) : [];
  return prev && changes.length === 0 ? null : { next, changes };
}

export function pickFields<T extends object>(value: T, keys: readonly (keyof T & string)[]): Partial<T> {
  const out: Partial<T> = {};
  for (const k of keys) out[k] = value[k];
  return out;
}

/** Nullable numeric column → number | null (PostgreSQL bigint may arrive as a string without the int8 parser). */
export function numOrNull(v: unknown): number | null {
  return v === null || v === undefined ? null : Number(v);
}

/**
 * Small building blocks shared by the policy modules: the autonomy levels, the shape of one
 * explained rule ("finding"), and the zod primitives reused across the policy document.
 */
import { z } from 'zod';

/** 1 = execute and report, 2 = execute with approval, 3 = analyse and recommend only. */
export type AutonomyLevel = 1 | 2 | 3;

export const AutonomyLevelSchema = z.union([z.literal(1), z.literal(2), z.literal(3)]);

/** What each level lets PsiZero do on its own. */
export type AutonomyMode = 'execute_and_report' | 'execute_with_approval' | 'recommend_only';

export const AUTONOMY_MODES: Readonly<Record<AutonomyLevel, AutonomyMode>> = {
  1: 'execute_and_report',
  2: 'execute_with_approval',
  3: 'recommend_only',
};

/** One rule or trigger that fired, with the level it points to and a reason a finance manager can read. */
export interface Finding {
  /** Stable machine id, e.g. `autonomy.level3.impact` or `trigger.modelConfidence`. */
  readonly id: string;
  readonly level: AutonomyLevel;
  readonly reason: string;
}

export function maxLevel(a: AutonomyLevel, b: AutonomyLevel): AutonomyLevel {
  return a >= b ? a : b;
}

/** A non-negative USD amount; capped at $1 trillion so cents stay exact integers in a double. */
export const UsdSchema = z.number().min(0).max(1_000_000_000_000);

/** Role names are identifiers used in routing and the directory, e.g. `finance_manager`. */
export const RoleNameSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]*$/, 'expected a role name in snake_case, e.g. finance_manager');

/** `finance_manager` -> "finance manager", `cfo` -> "CFO". */
export function describeRole(role: string): string {
  return role
    .split('_')
    .map((word) => (/^c[a-z]o$/.test(word) ? word.toUpperCase() : word))
    .join(' ');
}

/** Policies are frozen after validation; their types say so all the way down. */
export type DeepReadonly<T> = T extends readonly (infer U)[]
  ? readonly DeepReadonly<U>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

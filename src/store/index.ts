export type * from './types.ts';
export { TERMINAL_STATUSES } from './types.ts';
export { SqliteStore } from './sqlite/index.ts';
export { payloadMatches } from './match.ts';
export type * from './audit-types.ts';
export { AUDIT_GENESIS_HASH } from './audit-types.ts';
export type * from './approval-types.ts';
export { TERMINAL_APPROVAL_STATUSES } from './approval-types.ts';

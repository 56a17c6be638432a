export type * from './types.ts';
export { TERMINAL_STATUSES } from './types.ts';
export { SqliteStore } from './sqlite/index.ts';
export { payloadMatches } from './match.ts';

import { randomBytes } from 'node:crypto';

/** Time-ordered ids so that listing by id is listing by creation, readable in logs. */
export function newId(prefix: string, now: number): string {
  return `${prefix}_${now.toString(36).padStart(9, '0')}${randomBytes(6).toString('hex')}`;
}

/**
 * Who is calling, and the roles the HTTP layer checks. People bring the roles the policy
 * directory gives them, plus the pseudo-role `person` that every signed-in person holds (so a
 * policy with its own role names still reaches the approval inbox). Machines bring the one
 * machine role their API key was created with.
 */

/** Roles an API key can carry. */
export const MACHINE_ROLES = ['admin', 'operator', 'ingest', 'viewer'] as const;
export type MachineRole = (typeof MACHINE_ROLES)[number];

/** Held by every person signed in from the directory, whatever their policy roles. */
export const ANY_PERSON = 'person';

export function isMachineRole(role: string): role is MachineRole {
  return (MACHINE_ROLES as readonly string[]).includes(role);
}

export interface PersonPrincipal {
  kind: 'person';
  personId: string;
  name: string;
  /** The person's roles in the policy directory. */
  roles: readonly string[];
  /** sha256 of the session token (the session row's id). */
  sessionId: string;
  /** The session's synchronizer token, echoed by its forms and cookie-authenticated API calls. */
  csrfToken: string;
}

export interface KeyPrincipal {
  kind: 'key';
  keyId: string;
  name: string;
  role: MachineRole;
  /** The directory person this key decides approvals for, if any. */
  personId: string | null;
}

export type Principal = PersonPrincipal | KeyPrincipal;

/** The roles access rules are checked against. */
export function accessRolesOf(principal: Principal): readonly string[] {
  return principal.kind === 'person' ? [ANY_PERSON, ...principal.roles] : [principal.role];
}

/** What the audit log records as the channel a decision came through. */
export function channelOf(principal: Principal): 'dashboard' | 'api' {
  return principal.kind === 'person' ? 'dashboard' : 'api';
}

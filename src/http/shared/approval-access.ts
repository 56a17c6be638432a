/**
 * Which approvals a caller sees and may decide. Deciding is checked again, authoritatively, by the
 * approval lifecycle; this file only shapes lists and pages (an inbox holds what the person can
 * decide now; a person sees the approvals they are involved in; oversight roles see all).
 */
import type { Approval } from '../../approvals/index.ts';
import { openSlots } from '../../approvals/index.ts';
import { AuthError, accessRolesOf, type Principal } from '../../auth/index.ts';
import { NotFoundError } from '../../lib/errors.ts';
import { seesAllApprovals } from './access-rules.ts';
import type { ApprovalsPort } from './services.ts';

/** Most open approvals an inbox looks through; a business with more open approvals has other problems. */
const OPEN_SCAN_LIMIT = 1_000;

/** The requirement `personId` would fill if they decided now, or null when they cannot decide. */
export function decidableAs(approval: Approval, personId: string): string | null {
  if (approval.initiatedBy === personId) return null;
  return openSlots(approval).find((slot) => slot.people.includes(personId))?.requirement ?? null;
}

/** Named in any round, a decider, or the initiator. */
export function isInvolved(approval: Approval, personId: string): boolean {
  return (
    approval.initiatedBy === personId ||
    approval.decisions.some((d) => d.by === personId) ||
    approval.rounds.some((r) => r.eligible.some((e) => e.people.includes(personId)))
  );
}

/** The person a principal decides as; keys bound to nobody are refused. */
export function deciderOf(principal: Principal): string {
  if (principal.personId === null) {
    throw new AuthError(
      'PERSON_REQUIRED',
      'this API key is not bound to a person; create one with `psizero keys create --person <id>`',
    );
  }
  return principal.personId;
}

/** Open approvals the person may decide now, soonest deadline first. */
export async function inboxOf(service: Pick<ApprovalsPort, 'list'>, personId: string): Promise<Approval[]> {
  const open = await service.list({ status: ['pending', 'escalated'], limit: OPEN_SCAN_LIMIT });
  return open.filter((a) => decidableAs(a, personId) !== null).sort((a, b) => a.deadline - b.deadline);
}

/** The approval if the caller may see it; otherwise NOT_FOUND, so ids of others' approvals reveal nothing. */
export async function visibleApproval(
  service: Pick<ApprovalsPort, 'get'>,
  principal: Principal,
  id: string,
): Promise<Approval> {
  const approval = await service.get(id);
  if (seesAllApprovals(accessRolesOf(principal))) return approval;
  if (principal.personId !== null && isInvolved(approval, principal.personId)) return approval;
  throw new NotFoundError('approval', id);
}

/** The approvals of recovery runs as the data pages show them: which exist, and whether the viewer may open each. */
import type { Approval } from '../../approvals/index.ts';
import { accessRolesOf, type Principal } from '../../auth/index.ts';
import { seesAllApprovals } from '../shared/access-rules.ts';
import { isInvolved } from '../shared/approval-access.ts';
import type { ApprovalsPort } from '../shared/services.ts';

/** Whether the caller may open the approval's page (oversight roles, or a person involved in it). */
export function approvalVisibleTo(principal: Principal, approval: Approval): boolean {
  if (seesAllApprovals(accessRolesOf(principal))) return true;
  return principal.personId !== null && isInvolved(approval, principal.personId);
}

/** The latest approval of each run, one query per run (a page lists at most a few hundred). */
export async function latestApprovals(
  approvals: Pick<ApprovalsPort, 'list'>,
  runIds: readonly string[],
): Promise<Map<string, Approval>> {
  const found = await Promise.all(runIds.map(async (runId) => (await approvals.list({ runId, limit: 1 }))[0]));
  return new Map(found.filter((a) => a !== undefined).map((a) => [a.runId, a]));
}

/** Every approval of the runs, each with whether the caller may open it. */
export async function approvalsOfRuns(
  approvals: Pick<ApprovalsPort, 'list'>,
  principal: Principal,
  runIds: readonly string[],
): Promise<{ approval: Approval; visible: boolean }[]> {
  const lists = await Promise.all([...new Set(runIds)].map((runId) => approvals.list({ runId })));
  return lists.flat().map((approval) => ({ approval, visible: approvalVisibleTo(principal, approval) }));
}

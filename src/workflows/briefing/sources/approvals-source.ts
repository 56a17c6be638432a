/**
 * `approvals_waiting`: approvals open at the briefing's moment and who could decide each then
 * (the round under way, less the people and requirements already heard), with the round's
 * deadline: the "today's focus" of each person. Read as of `asOf` from the approvals' own rounds
 * and decisions, so a briefing composed for a past morning shows what was waiting that morning.
 */
import type { Approval, ApprovalFilter } from '../../../approvals/index.ts';
import { ok, type BriefingSource } from './source.ts';

export interface WaitingApproval {
  id: string;
  title: string;
  level: number;
  createdAt: number;
  /** The deadline of the round under way at the briefing's moment. */
  deadline: number;
  /** Directory ids of the people who could decide it then. */
  waitingFor: string[];
}

export interface ApprovalsWaitingData {
  approvals: WaitingApproval[];
}

export interface ApprovalReads {
  list(filter: ApprovalFilter): Promise<Approval[]>;
}

const SCAN = 1_000;

export function approvalsSource(approvals: ApprovalReads): BriefingSource<ApprovalsWaitingData> {
  return {
    name: 'approvals_waiting',
    title: 'approvals waiting',
    async collect(window) {
      const open = await approvals.list({ status: ['pending', 'escalated'], limit: SCAN });
      const recent = await approvals.list({ limit: SCAN });
      const byId = new Map([...open, ...recent].map((a) => [a.id, a]));
      const waiting: WaitingApproval[] = [];
      for (const a of byId.values()) {
        const at = waitingAt(a, window.asOf);
        if (at !== null) waiting.push({ id: a.id, title: a.title, level: a.level, createdAt: a.createdAt, ...at });
      }
      return ok({ approvals: waiting.sort((a, b) => a.deadline - b.deadline || a.id.localeCompare(b.id)) });
    },
  };
}

/** Who could decide `approval` at `asOf`, and by when; null when it was not open then. */
export function waitingAt(approval: Approval, asOf: number): { deadline: number; waitingFor: string[] } | null {
  if (approval.createdAt > asOf || (approval.resolvedAt !== null && approval.resolvedAt <= asOf)) return null;
  const round = approval.rounds.filter((r) => r.startedAt <= asOf).at(-1);
  if (round === undefined) return null;
  const decisions = approval.decisions.filter((d) => d.at <= asOf);
  const decided = new Set(decisions.map((d) => d.requirement));
  const heard = new Set(decisions.map((d) => d.by));
  const people = round.eligible
    .filter((e) => e.settlesAll || !decided.has(e.requirement))
    .flatMap((e) => e.people)
    .filter((p) => !heard.has(p) && p !== approval.initiatedBy);
  return people.length === 0 ? null : { deadline: round.deadline, waitingFor: [...new Set(people)] };
}

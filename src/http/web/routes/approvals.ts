/** The inbox, one approval's page, and the decision form behind both. */
import { z } from 'zod';
import type { Approval } from '../../../approvals/index.ts';
import { ApprovalRefusedError, openSlots } from '../../../approvals/index.ts';
import { channelOf } from '../../../auth/index.ts';
import { RULES } from '../../shared/access-rules.ts';
import { decidableAs, deciderOf, inboxOf, visibleApproval } from '../../shared/approval-access.ts';
import { formBody } from '../../shared/csrf.ts';
import type { ApiRouter } from '../../shared/router.ts';
import type { ApprovalsPort, AuditPort, PolicyPort } from '../../shared/services.ts';
import type { Clock } from '../../../lib/clock.ts';
import { parseOrThrow } from '../../shared/validation.ts';
import { httpStatusOf } from '../../shared/errors.ts';
import { csrfField, allows } from '../layout.ts';
import { flashOf, principalOf, render, type PageDeps, type WebContext } from '../context.ts';
import type { ApprovalCardInput } from '../views/approval-card.ts';
import { carriedOutFrom, type CarriedOut } from '../views/approval-outcome.ts';
import { conflictText, settlesAllAs } from '../views/choices.ts';
import { approvalPageView, cannotDecideText, inboxView } from '../views/inbox.ts';

const DecideForm = z.object({
  verdict: z.enum(['approve', 'reject']),
  comment: z.string().max(2_000).optional(),
  reason: z.string().max(2_000).optional(),
  /** The radio button picked, for an approval that offers choices. */
  choice: z.string().max(64).optional(),
  back: z.string().max(300).optional(),
});

const IdParam = z.string().min(1).max(200);

export interface ApprovalPageDeps extends PageDeps {
  approvals: ApprovalsPort;
  policy: PolicyPort;
  /** The gate's entries about an approval: what the run did once it was settled. */
  audit: Pick<AuditPort, 'list'>;
  clock: Clock;
}

/** How far back the inbox shows what the person decided (and how it went). */
const RECENT_MS = 24 * 3_600_000;
/** At most this many of them. */
const RECENT_LIMIT = 5;
/** Newest approvals looked through for them. */
const RECENT_SCAN = 300;

/** After deciding, back to the inbox or the approval's own page; nowhere else. */
function backTo(back: string | undefined, id: string): string {
  return back === '/inbox' ? '/inbox' : `/approvals/${encodeURIComponent(id)}`;
}

/** What the run did after the approval settled; looked up only once it has. */
async function carriedOut(deps: ApprovalPageDeps, approval: Approval): Promise<CarriedOut | null> {
  if (approval.status === 'pending' || approval.status === 'escalated') return null;
  return carriedOutFrom(await deps.audit.list({ approvalId: approval.id, latest: true, limit: 50 }));
}

async function cardFor(
  c: WebContext,
  deps: ApprovalPageDeps,
  approval: Approval,
  linkTitle: boolean,
  problem: string | null = null,
): Promise<ApprovalCardInput> {
  const principal = principalOf(c);
  return {
    approval,
    directory: deps.policy.current.directory,
    viewerId: principal.personId,
    decideAs: principal.personId === null ? null : decidableAs(approval, principal.personId),
    recommendation: approval.recommendation?.summary ?? null,
    carriedOut: await carriedOut(deps, approval),
    now: deps.clock.now(),
    csrf: csrfField(principal),
    linkTitle,
    runLink: allows(principal, RULES.runsRead),
    back: linkTitle ? '/inbox' : `/approvals/${approval.id}`,
    problem,
  };
}

async function approvalPage(
  c: WebContext,
  deps: ApprovalPageDeps,
  approval: Approval,
  problem: string | null,
  status: 200 | 400 | 403 | 409,
): Promise<Response> {
  const principal = principalOf(c);
  const card = await cardFor(c, deps, approval, false, problem);
  const personId = principal.personId;
  const note =
    card.decideAs !== null || personId === null
      ? null
      : cannotDecideText(
          approval.status,
          openSlots(approval).map((s) => s.requirement),
          approval.decisions.some((d) => d.by === personId),
          approval.initiatedBy === personId,
        );
  return render(c, deps, 'inbox', approval.title, approvalPageView(card, note, flashOf(c)), status);
}

/**
 * What the person decided in the last day (settled or still waiting for others), newest first:
 * after deciding in the inbox they see how it went, on the same card.
 */
async function recentlyDecided(deps: ApprovalPageDeps, personId: string): Promise<Approval[]> {
  const since = deps.clock.now() - RECENT_MS;
  const latest = await deps.approvals.list({ limit: RECENT_SCAN });
  const mine = (a: Approval) => a.decisions.find((d) => d.by === personId);
  return latest
    .filter((a) => (mine(a)?.at ?? 0) >= since)
    .sort((a, b) => mine(b)!.at - mine(a)!.at)
    .slice(0, RECENT_LIMIT);
}

/** A refusal in people's words: a consensus conflict names the person and the option, not ids. */
function refusalText(deps: ApprovalPageDeps, approval: Approval, by: string, err: ApprovalRefusedError): string {
  if (err.code !== 'CHOICE_CONFLICT') return err.message;
  const requirement = decidableAs(approval, by);
  const settlesAll = requirement !== null && settlesAllAs(approval, requirement);
  return conflictText(approval, deps.policy.current.directory, settlesAll) ?? err.message;
}

export function registerApprovalPages(router: ApiRouter, deps: ApprovalPageDeps): void {
  const { guard, approvals } = deps;

  router.get('/inbox', guard.allow(RULES.approvalsOwn, { page: true }), async (c) => {
    const principal = principalOf(c);
    const personId = deciderOf(principal);
    const [inbox, recent] = await Promise.all([inboxOf(approvals, personId), recentlyDecided(deps, personId)]);
    const cards = await Promise.all(inbox.map((a) => cardFor(c, deps, a, true)));
    const decided = await Promise.all(recent.map((a) => cardFor(c, deps, a, true)));
    const firstName = principal.kind === 'person' ? principal.name.split(' ')[0]! : principal.name;
    return render(c, deps, 'inbox', 'Inbox', inboxView(firstName, cards, decided, flashOf(c)));
  });

  router.get('/approvals/:id', guard.allow(RULES.approvalsOwn, { page: true }), async (c) => {
    const id = parseOrThrow(IdParam, c.req.param('id'), 'approval id', 'param');
    const approval = await visibleApproval(approvals, principalOf(c), id);
    return approvalPage(c, deps, approval, null, 200);
  });

  router.post('/approvals/:id/decide', guard.allow(RULES.approvalsOwn, { page: true }), async (c) => {
    const principal = principalOf(c);
    const id = parseOrThrow(IdParam, c.req.param('id'), 'approval id', 'param');
    const form = parseOrThrow(DecideForm, (await formBody(c)) ?? {}, 'decision', 'form');
    const by = deciderOf(principal);
    try {
      const approval = await approvals.decide({
        approvalId: id,
        by,
        verdict: form.verdict,
        channel: channelOf(principal),
        comment: form.comment ?? null,
        reason: form.reason ?? null,
        choice: form.choice ?? null,
      });
      const done =
        approval.status === 'approved' ? 'approved' : approval.status === 'rejected' ? 'rejected' : 'recorded';
      return c.redirect(`${backTo(form.back, id)}?done=${done}`, 303);
    } catch (err) {
      if (!(err instanceof ApprovalRefusedError)) throw err;
      // Show the approval again with the refusal, if the person may see it at all.
      const approval = await visibleApproval(approvals, principal, id);
      const status = httpStatusOf(err) as 400 | 403 | 409;
      return approvalPage(c, deps, approval, refusalText(deps, approval, by, err), status);
    }
  });
}

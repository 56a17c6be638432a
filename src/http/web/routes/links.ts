/**
 * Emailed approval links. GET shows what the link would decide and changes nothing (mail scanners
 * and link-preview bots open links); POST, from the page's own form, uses the link once and
 * records the decision. The signed single-use token is the credential, so no session is needed;
 * the Origin check keeps other sites from posting a token they somehow learned.
 */
import { z } from 'zod';
import { ApprovalRefusedError } from '../../../approvals/index.ts';
import { NotConfiguredError } from '../../../lib/errors.ts';
import { publicAccess } from '../../shared/access-rules.ts';
import { decidableAs } from '../../shared/approval-access.ts';
import { checkOrigin, formBody } from '../../shared/csrf.ts';
import type { HttpSettings } from '../../shared/http-settings.ts';
import type { ApiRouter, Guarded } from '../../shared/router.ts';
import type { ApprovalLinksPort, PolicyPort } from '../../shared/services.ts';
import type { Clock } from '../../../lib/clock.ts';
import { parseOrThrow } from '../../shared/validation.ts';
import type { WebContext } from '../context.ts';
import { standalone } from '../layout.ts';
import { conflictText, settlesAllAs } from '../views/choices.ts';
import { linkConfirmView, linkDoneView } from '../views/link.ts';

const TokenParam = z.string().min(1).max(2_000);
const LinkForm = z.object({
  comment: z.string().max(2_000).optional(),
  reason: z.string().max(2_000).optional(),
  /** An approve link's option, picked on the confirmation page when the action offers choices. */
  choice: z.string().max(64).optional(),
});

/** Refusals `redeem` makes before using the link up: the page is shown again so the person can fix the form. */
const FIXABLE: Readonly<Record<string, { status: 400 | 409; problem: string | null }>> = {
  REASON_REQUIRED: { status: 400, problem: 'Please say why you reject it.' },
  CHOICE_REQUIRED: { status: 400, problem: 'Please choose one of the options to approve.' },
  UNKNOWN_CHOICE: { status: 400, problem: null },
  CHOICE_CONFLICT: { status: 409, problem: null },
};

export interface LinkPageDeps extends Guarded {
  /** Null until approval links are configured. */
  approvalLinks: ApprovalLinksPort | null;
  policy: PolicyPort;
  clock: Clock;
  settings: HttpSettings;
}

function linksOf(deps: LinkPageDeps): ApprovalLinksPort {
  if (deps.approvalLinks === null)
    throw new NotConfiguredError('LINKS_DISABLED', 'approval links are not enabled on this server');
  return deps.approvalLinks;
}

async function confirmPage(
  c: WebContext,
  deps: LinkPageDeps,
  token: string,
  problem: string | null,
  status: 200 | 400 | 409,
): Promise<Response> {
  const { claims, approval } = await linksOf(deps).inspect(token);
  const view = linkConfirmView({
    approval,
    personId: claims.personId,
    intent: claims.intent,
    decideAs: decidableAs(approval, claims.personId),
    directory: deps.policy.current.directory,
    now: deps.clock.now(),
    problem,
  });
  c.header('cache-control', 'no-store');
  return c.html(standalone('Confirm your decision', view, true), status);
}

/** A consensus conflict in names and option labels, not ids. */
async function conflictFor(deps: LinkPageDeps, token: string): Promise<string | null> {
  const { claims, approval } = await linksOf(deps).inspect(token);
  const requirement = decidableAs(approval, claims.personId);
  return conflictText(
    approval,
    deps.policy.current.directory,
    requirement !== null && settlesAllAs(approval, requirement),
  );
}

export function registerLinkPages(router: ApiRouter, deps: LinkPageDeps): void {
  const { guard, settings } = deps;

  router.get(
    '/approvals/link/:token',
    guard.allow(publicAccess('the signed, single-use link token; GET changes nothing')),
    async (c) => {
      const token = parseOrThrow(TokenParam, c.req.param('token'), 'approval link', 'param');
      return confirmPage(c, deps, token, null, 200);
    },
  );

  router.post(
    '/approvals/link/:token',
    guard.allow(publicAccess('the signed, single-use link token; Origin checked')),
    async (c) => {
      checkOrigin(c, settings);
      const token = parseOrThrow(TokenParam, c.req.param('token'), 'approval link', 'param');
      const form = parseOrThrow(LinkForm, (await formBody(c)) ?? {}, 'decision', 'form');
      const links = linksOf(deps);
      try {
        const approval = await links.redeem(token, {
          comment: form.comment ?? null,
          reason: form.reason ?? null,
          choice: form.choice ?? null,
        });
        const personId = approval.decisions.at(-1)?.by ?? '';
        c.header('cache-control', 'no-store');
        return c.html(
          standalone(
            'Decision recorded',
            linkDoneView(approval, personId, deps.policy.current.directory, deps.clock.now()),
            true,
          ),
        );
      } catch (err) {
        const fixable = err instanceof ApprovalRefusedError ? FIXABLE[err.code] : undefined;
        if (fixable === undefined) throw err;
        const problem =
          fixable.problem ??
          (err instanceof ApprovalRefusedError && err.code === 'CHOICE_CONFLICT'
            ? await conflictFor(deps, token)
            : null) ??
          (err as ApprovalRefusedError).message;
        return confirmPage(c, deps, token, problem, fixable.status);
      }
    },
  );
}

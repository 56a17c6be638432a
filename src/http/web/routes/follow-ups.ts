/**
 * Closing a follow-up from the Briefing page: the person it was planned for marks it done or
 * dismisses it (a closed one is not planned again for a while, and no longer comes back in the
 * briefing). Nobody closes another person's follow-up.
 */
import { z } from 'zod';
import { AuthError } from '../../../auth/index.ts';
import type { Clock } from '../../../lib/clock.ts';
import { RULES } from '../../shared/access-rules.ts';
import { deciderOf } from '../../shared/approval-access.ts';
import { formBody } from '../../shared/csrf.ts';
import type { ApiRouter } from '../../shared/router.ts';
import type { FollowUpsPort } from '../../shared/services.ts';
import { parseOrThrow } from '../../shared/validation.ts';
import { principalOf, type PageDeps } from '../context.ts';

const IdParam = z.string().min(1).max(64);
const CloseForm = z.object({
  status: z.enum(['done', 'dismissed']),
  /** The briefing the person came from, to go back to. */
  back: z.iso.date().optional(),
});

export interface FollowUpPageDeps extends PageDeps {
  followUps: FollowUpsPort;
  clock: Clock;
}

export function registerFollowUpPages(router: ApiRouter, deps: FollowUpPageDeps): void {
  const { guard, followUps, clock } = deps;
  // The guard has checked Origin and the CSRF token before the handler runs.
  router.post('/follow-ups/:id', guard.allow(RULES.briefingRead, { page: true }), async (c) => {
    const id = parseOrThrow(IdParam, c.req.param('id'), 'id', 'param');
    const form = parseOrThrow(CloseForm, (await formBody(c)) ?? {}, 'form', 'form');
    const personId = deciderOf(principalOf(c));
    const task = await followUps.get(id);
    if (task.personId !== personId) throw new AuthError('FORBIDDEN', 'this follow-up was planned for someone else');
    await followUps.close(id, { status: form.status, by: personId, at: clock.now() });
    const page = form.back === undefined ? '/briefing' : `/briefing/${form.back}`;
    return c.redirect(
      `${page}?done=${form.status === 'done' ? 'follow-up-done' : 'follow-up-dismissed'}#follow-ups`,
      303,
    );
  });
}

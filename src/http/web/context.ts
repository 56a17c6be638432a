/** Shared by the dashboard's route handlers: who is looking, and rendering a page for them. */
import type { Context } from 'hono';
import type { Principal } from '../../auth/index.ts';
import { inboxOf } from '../shared/approval-access.ts';
import type { ApiEnv } from '../shared/env.ts';
import type { Guarded } from '../shared/router.ts';
import type { ApprovalsPort, NotificationsPort } from '../shared/services.ts';
import type { Html } from './html.ts';
import { page, type Section, type Viewer } from './layout.ts';
import { InternalError } from '../../lib/errors.ts';

export type WebContext = Context<ApiEnv>;

/** What every page needs: its guard, and the top bar's badges (the person's inbox and unread notifications). */
export interface PageDeps extends Guarded {
  approvals: Pick<ApprovalsPort, 'list'>;
  notifications: Pick<NotificationsPort, 'countUnread'>;
}

/** The signed-in caller; only called behind a guard that requires one. */
export function principalOf(c: WebContext): Principal {
  const principal = c.get('principal');
  if (principal === null) throw new InternalError('a guarded page ran without a principal');
  return principal;
}

export async function viewerOf(c: WebContext, deps: PageDeps): Promise<Viewer> {
  const principal = principalOf(c);
  const personId = principal.personId;
  // Both badges belong to a person; a key bound to nobody has neither.
  const [inboxCount, notificationCount] =
    personId === null
      ? [0, 0]
      : await Promise.all([
          inboxOf(deps.approvals, personId).then((a) => a.length),
          deps.notifications.countUnread(personId),
        ]);
  return { principal, inboxCount, notificationCount };
}

export async function render(
  c: WebContext,
  deps: PageDeps,
  section: Section,
  title: string,
  content: Html,
  status: 200 | 400 | 403 | 404 | 409 = 200,
): Promise<Response> {
  return c.html(page(await viewerOf(c, deps), section, title, content), status);
}

/** Flash messages come back after a redirect as a code, never as text from the request. */
const FLASHES: Record<string, string> = {
  approved: 'Approved. PsiZero carries on with the action.',
  rejected: 'Rejected. PsiZero will not do it; your reason is in the audit log.',
  recorded: 'Your decision is recorded; the others still have to decide.',
  cancelled: 'The run was cancelled.',
  retried: 'The run is runnable again and will continue shortly.',
  read: 'Marked as read.',
  'all-read': 'Every notification is marked read.',
};

export function flashOf(c: WebContext): string | null {
  const code = c.req.query('done');
  return code === undefined ? null : (FLASHES[code] ?? null);
}

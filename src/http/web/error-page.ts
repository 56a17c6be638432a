/** Error pages: inside the dashboard for signed-in people, a standalone card otherwise. */
import type { MappedError } from '../shared/errors.ts';
import type { WebContext } from './context.ts';
import { h } from './html.ts';
import { page, standalone } from './layout.ts';
import { errorView } from './views/error.ts';

export function renderErrorPage(c: WebContext, mapped: MappedError): Response {
  const principal = c.get('principal') ?? null;
  const view = errorView(mapped.status, mapped.body.error.code, mapped.body.error.message, principal);
  c.header('x-psizero-error', mapped.body.error.code);
  const body =
    principal === null
      ? standalone('Error', view)
      : page({ principal, inboxCount: 0, notificationCount: 0 }, 'none', 'Error', h`${view}`);
  return c.html(body, mapped.status);
}

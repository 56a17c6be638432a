/** Error pages for people: what went wrong and where to go next; the stable code for support. */
import type { Principal } from '../../../auth/index.ts';
import { h, type Html } from '../html.ts';

const HEADLINES: Record<number, string> = {
  400: 'That did not work',
  401: 'Please sign in',
  403: 'Not allowed',
  404: 'Not found',
  409: 'Already done',
  410: 'This link has expired',
  413: 'Too large',
  429: 'Too many attempts',
  500: 'Something went wrong on our side',
};

export function errorView(status: number, code: string, message: string, principal: Principal | null): Html {
  const next =
    principal === null
      ? h`<a class="btn btn-primary" href="/sign-in">Sign in</a>`
      : h`<a class="btn btn-secondary" href="/">Back to the dashboard</a>`;
  return h`<div class="card" data-error-code="${code}"><div class="card-body stack">
    <div><h1>${HEADLINES[status] ?? 'That did not work'}</h1><p class="muted mt-xs">${message}</p></div>
    <div class="actions">${next}</div>
    <p class="error-code">${status} · ${code}</p>
  </div></div>`;
}

/**
 * The page behind `npm start`'s one-time sign-in link. Opening it changes nothing (link scanners
 * and previews fetch links); only its button, a POST, uses the link up and signs in.
 */
import type { Person } from '../../../policy/index.ts';
import { describeRole } from '../format.ts';
import { h, type Html } from '../html.ts';

export function signInLinkView(person: Person, token: string, csrf: string, problem: string | null): Html {
  return h`<div class="card" data-link-state="confirm"><div class="card-body stack">
  <div><h1 class="mb-xs">Sign in as ${person.name}</h1>
  <p class="muted">${person.roles.map(describeRole).join(', ')}. This link works once; nothing happens until you press the button.</p></div>
  ${problem ? h`<div class="notice bad" role="alert">${problem}</div>` : ''}
  <form method="post" action="/sign-in/link">
    <input type="hidden" name="_csrf" value="${csrf}"><input type="hidden" name="token" value="${token}">
    <button class="btn btn-primary w-full" type="submit">Sign in</button>
  </form>
</div></div>`;
}

export function signInLinkUnusableView(): Html {
  return h`<div class="card" data-link-state="gone"><div class="card-body stack">
  <h1>This sign-in link no longer works</h1>
  <p class="muted">It was already used, it expired, or a newer one replaced it: each start of PsiZero prints a new one. You can also <a href="/sign-in">sign in with your password</a>.</p>
</div></div>`;
}

/** The sign-in form: choose yourself from the directory, enter your password. */
import type { Directory } from '../../../policy/index.ts';
import { describeRole } from '../format.ts';
import { h, type Html } from '../html.ts';

export function signInView(
  directory: Directory,
  token: string,
  next: string,
  problem: string | null,
  chosen: string | null,
): Html {
  return h`<div class="card"><div class="card-body">
  <h1 class="mb-xs">Sign in</h1>
  <p class="muted mb">Approvals, runs and the audit trail of your business.</p>
  ${problem ? h`<div class="notice bad mb" role="alert">${problem}</div>` : ''}
  <form method="post" action="/sign-in">
    <input type="hidden" name="_csrf" value="${token}"><input type="hidden" name="next" value="${next}">
    <div class="field"><label for="person">Who are you?</label>
      <select id="person" name="person" required>
        <option value="">Choose your name…</option>
        ${directory.people.map(
          (p) =>
            h`<option value="${p.id}"${p.id === chosen ? h` selected` : ''}>${p.name} — ${p.roles.map(describeRole).join(', ')}</option>`,
        )}
      </select></div>
    <div class="field"><label for="password">Password</label><input id="password" type="password" name="password" autocomplete="current-password" required></div>
    <button class="btn btn-primary w-full" type="submit">Sign in</button>
  </form>
</div></div>`;
}

/**
 * Signing in and out. The sign-in form has no session yet, so it is protected by a double-submit
 * token (an HTTP-only, SameSite=Strict cookie that must match the form field) plus the Origin
 * check; a successful sign-in starts a fresh session (no fixation) and sets the session cookie.
 * `npm start`'s one-time link (`/sign-in/link?token=…`) works the same way: GET shows whom it
 * signs in and changes nothing (link scanners open links), the page's button POSTs the token with
 * the double-submit token, and only that uses the link up.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { AuthError, MACHINE_ROLES, ANY_PERSON, type NewSession } from '../../../auth/index.ts';
import { publicAccess, RULES } from '../../shared/access-rules.ts';
import { clearSessionCookie, readSignInToken, setSessionCookie, setSignInToken } from '../../shared/cookies.ts';
import { checkOrigin, formBody, tokensEqual } from '../../shared/csrf.ts';
import { isHttps, type HttpSettings } from '../../shared/http-settings.ts';
import type { ApiRouter, Guarded } from '../../shared/router.ts';
import type { AuthPort } from '../../shared/services.ts';
import { allows, standalone } from '../layout.ts';
import type { WebContext } from '../context.ts';
import { principalOf } from '../context.ts';
import { signInLinkUnusableView, signInLinkView } from '../views/sign-in-link.ts';
import { signInView } from '../views/sign-in.ts';

const LinkForm = z.object({
  token: z.string().max(200).default(''),
  _csrf: z.string().max(200).default(''),
});

const SignInForm = z.object({
  person: z.string().max(200).default(''),
  password: z.string().max(2_000).default(''),
  next: z.string().max(500).default('/'),
  _csrf: z.string().max(200).default(''),
});

/** Only our own pages are valid destinations after signing in (no open redirect). */
export function safeNext(next: string | undefined): string {
  return next !== undefined && /^\/(?!\/)[A-Za-z0-9/_.?=&%-]*$/.test(next) && !next.startsWith('/sign-') ? next : '/';
}

export interface SessionRouteDeps extends Guarded {
  auth: Pick<AuthPort, 'signIn' | 'signOut' | 'inspectSignInLink' | 'signInWithLink' | 'directory'>;
  settings: HttpSettings;
}

function showSignIn(
  c: WebContext,
  deps: SessionRouteDeps,
  next: string,
  problem: string | null,
  chosen: string | null,
  status: 200 | 400 | 401 | 403 | 429,
): Response {
  const token = randomBytes(24).toString('base64url');
  setSignInToken(c, token, isHttps(c, deps.settings));
  return c.html(standalone('Sign in', signInView(deps.auth.directory, token, next, problem, chosen)), status);
}

/** The link's confirmation page (a fresh double-submit token each time), or the page saying it no longer works. */
async function showSignInLink(
  c: WebContext,
  deps: SessionRouteDeps,
  token: string,
  problem: string | null,
  status: 200 | 403,
): Promise<Response> {
  c.header('cache-control', 'no-store');
  const person = await deps.auth.inspectSignInLink(token);
  if (person === null) return c.html(standalone('Sign-in link', signInLinkUnusableView()), 410);
  const csrf = randomBytes(24).toString('base64url');
  setSignInToken(c, csrf, isHttps(c, deps.settings));
  return c.html(standalone('Sign in', signInLinkView(person, token, csrf, problem)), status);
}

/** Starts the new session in this browser, ending the one it had (perhaps someone else's). */
async function startSession(c: WebContext, deps: SessionRouteDeps, session: NewSession): Promise<void> {
  const previous = c.get('principal');
  if (previous?.kind === 'person') await deps.auth.signOut(previous.sessionId);
  setSessionCookie(c, session.token, session.ttlMs, isHttps(c, deps.settings));
}

export function registerSessionRoutes(router: ApiRouter, deps: SessionRouteDeps): void {
  const { guard, settings, auth } = deps;

  router.get('/', guard.allow({ kind: 'roles', roles: [ANY_PERSON, ...MACHINE_ROLES] }, { page: true }), (c) => {
    const principal = principalOf(c);
    if (principal.personId !== null) return c.redirect('/inbox', 303);
    return c.redirect(allows(principal, RULES.runsRead) ? '/runs' : '/policy', 303);
  });

  router.get('/sign-in', guard.allow(publicAccess('the sign-in form')), (c) => {
    if (c.get('principal')?.kind === 'person') return c.redirect(safeNext(c.req.query('next')), 303);
    return showSignIn(c, deps, safeNext(c.req.query('next')), null, null, 200);
  });

  router.post(
    '/sign-in',
    guard.allow(publicAccess('checks the person and password; double-submit token and Origin against CSRF')),
    async (c) => {
      checkOrigin(c, settings);
      const parsed = SignInForm.safeParse((await formBody(c)) ?? {});
      const form = parsed.success ? parsed.data : SignInForm.parse({});
      const next = safeNext(form.next);
      const cookie = readSignInToken(c);
      if (cookie === undefined || form._csrf === '' || !tokensEqual(cookie, form._csrf)) {
        return showSignIn(c, deps, next, 'The sign-in form expired. Please try again.', form.person || null, 403);
      }
      try {
        await startSession(c, deps, await auth.signIn(form.person, form.password));
        return c.redirect(next, 303);
      } catch (err) {
        if (!(err instanceof AuthError)) throw err;
        const status = err.code === 'TOO_MANY_ATTEMPTS' ? 429 : 401;
        return showSignIn(c, deps, next, err.message, form.person || null, status);
      }
    },
  );

  router.get(
    '/sign-in/link',
    guard.allow(publicAccess('shows whom the one-time link signs in; GET changes nothing')),
    async (c) => showSignInLink(c, deps, c.req.query('token') ?? '', null, 200),
  );

  router.post(
    '/sign-in/link',
    guard.allow(publicAccess('uses the one-time link up; double-submit token and Origin against CSRF')),
    async (c) => {
      checkOrigin(c, settings);
      const parsed = LinkForm.safeParse((await formBody(c)) ?? {});
      const form = parsed.success ? parsed.data : LinkForm.parse({});
      const cookie = readSignInToken(c);
      if (cookie === undefined || form._csrf === '' || !tokensEqual(cookie, form._csrf))
        return showSignInLink(c, deps, form.token, 'The page expired. Please press the button again.', 403);
      try {
        await startSession(c, deps, await auth.signInWithLink(form.token));
        return c.redirect('/', 303);
      } catch (err) {
        if (!(err instanceof AuthError) || err.code !== 'SIGN_IN_LINK_UNUSABLE') throw err;
        c.header('cache-control', 'no-store');
        return c.html(standalone('Sign-in link', signInLinkUnusableView()), 410);
      }
    },
  );

  router.post('/sign-out', guard.allow(RULES.signedIn, { page: true }), async (c) => {
    const principal = principalOf(c);
    if (principal.kind === 'person') await auth.signOut(principal.sessionId);
    clearSessionCookie(c, isHttps(c, settings));
    return c.redirect('/sign-in', 303);
  });
}

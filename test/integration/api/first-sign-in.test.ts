/**
 * Getting in on a first start and staying safe under guessing: the owner's one-time sign-in link
 * (GET changes nothing, the page's POST uses it once), demo passwords that stop working when
 * PSIZERO_DEMO_PASSWORD is gone, and the sign-in throttle holding under a burst of parallel
 * guesses, across two server processes on one database and across a restart.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/db/index.ts';
import { ManualClock } from '../../../src/lib/clock.ts';
import type { PostgresStore } from '../../../src/store/postgres/index.ts';
import type { SqliteStore } from '../../../src/store/sqlite/index.ts';
import { PASSWORD, createApiBed, type ApiBed } from '../../helpers/api-bed.ts';
import { databaseFactories, type DatabaseFactory } from '../../helpers/databases.ts';
import { pgTestUrl } from '../../helpers/pg-cluster.ts';

const T0 = Date.UTC(2026, 5, 1, 9);

/** Another connection to the bed's database, as a second server process would open it. */
function sameDatabase(bed: ApiBed): DatabaseFactory {
  const store = bed.app.store as SqliteStore | PostgresStore;
  return {
    name: store.kind,
    create: () =>
      store.kind === 'sqlite'
        ? openDatabase({ sqlitePath: store.db.name })
        : openDatabase({ url: pgTestUrl()!, schema: store.schema!, poolSize: 4 }),
  };
}

/** The sign-in form's double-submit token (cookie and hidden field). */
async function formToken(bed: ApiBed, path = '/sign-in'): Promise<{ cookie: string; token: string; html: string }> {
  const res = await bed.call('GET', path);
  const html = await res.text();
  const cookie = /psz_signin=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1] ?? '';
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
  return { cookie: `psz_signin=${cookie}`, token, html };
}

function guess(bed: ApiBed, form: { cookie: string; token: string }, password: string): Promise<Response> {
  return bed.call('POST', '/sign-in', {
    headers: { cookie: form.cookie, origin: 'http://localhost' },
    form: { person: 'fiona', password, _csrf: form.token },
  });
}

const statuses = (responses: Response[]): Record<number, number> =>
  responses.reduce<Record<number, number>>((n, r) => ({ ...n, [r.status]: (n[r.status] ?? 0) + 1 }), {});

describe.each(databaseFactories())('first sign-in and guessing on $name', (factory) => {
  const beds: ApiBed[] = [];
  afterEach(async () => {
    // The first bed's database owns the PostgreSQL schema: close it last.
    for (const bed of beds.splice(0).reverse()) await bed.close();
  });
  const bed = async (f: DatabaseFactory = factory, clock = new ManualClock(T0)): Promise<ApiBed> => {
    const made = await createApiBed(f, { clock });
    beds.push(made);
    return made;
  };

  it('holds the throttle under fifty parallel wrong passwords: five are checked, the rest and a right one inside the burst are refused', async () => {
    const a = await bed();
    await a.app.auth.setPassword('fiona', PASSWORD);
    const form = await formToken(a);
    const burst = Array.from({ length: 50 }, (_, i) => guess(a, form, `wrong guess ${i}`));
    const right = guess(a, form, PASSWORD);
    expect(statuses(await Promise.all(burst))).toEqual({ 401: 5, 429: 45 });
    expect((await right).status).toBe(429);
  });

  it('counts guesses across two server processes on one database and across a restart', async () => {
    const a = await bed();
    await a.app.auth.setPassword('fiona', PASSWORD);
    const b = await bed(sameDatabase(a));
    const [fa, fb] = [await formToken(a), await formToken(b)];
    const burst = Array.from({ length: 20 }, (_, i) =>
      i % 2 ? guess(a, fa, `wrong ${i}`) : guess(b, fb, `wrong ${i}`),
    );
    expect(statuses(await Promise.all(burst))).toEqual({ 401: 5, 429: 15 });
    expect((await guess(b, fb, PASSWORD)).status).toBe(429);
    // A third process started afterwards (a restart) still refuses until the window passes.
    const c = await bed(sameDatabase(a), new ManualClock(T0 + 60_000));
    const fc = await formToken(c);
    expect((await guess(c, fc, PASSWORD)).status).toBe(429);
    const later = await bed(sameDatabase(a), new ManualClock(T0 + 16 * 60_000));
    const fl = await formToken(later);
    expect((await guess(later, fl, PASSWORD)).status).toBe(303);
  });

  it("signs the owner in with the one-time link: GET changes nothing, the page's POST uses it once", async () => {
    const a = await bed();
    const { token } = await a.app.auth.createSignInLink('olivia', 15 * 60_000);
    const path = `/sign-in/link?token=${token}`;
    // Opening it (a person, a link scanner, twice) shows whom it signs in and uses nothing up.
    const first = await formToken(a, path);
    expect(first.html).toContain('Sign in as Olivia Owens');
    expect(first.html).toContain(`name="token" value="${token}"`);
    const page = await formToken(a, path);
    const get = await a.call('GET', path);
    expect(get.headers.get('cache-control')).toBe('no-store');
    // The token in the address never travels to another site.
    expect(get.headers.get('referrer-policy')).toBe('same-origin');
    const post = (form: { cookie: string; token: string }, origin = 'http://localhost') =>
      a.call('POST', '/sign-in/link', { headers: { cookie: form.cookie, origin }, form: { token, _csrf: form.token } });
    // Without the page's double-submit token, or from another site: refused, and the link still works.
    expect((await post({ cookie: '', token: page.token })).status).toBe(403);
    expect((await post(page, 'https://evil.example')).status).toBe(403);

    const ok = await post(page);
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/');
    const session = /psz_session=([A-Za-z0-9_-]{43})/.exec(ok.headers.get('set-cookie') ?? '')?.[1];
    expect(session).toBeDefined();
    const inbox = await a.call('GET', '/inbox', { headers: { cookie: `psz_session=${session!}` } });
    expect(inbox.status).toBe(200);
    expect(await inbox.text()).toContain('Olivia Owens');

    // Used up: neither the page nor the button works again.
    expect((await post(page)).status).toBe(410);
    const again = await a.call('GET', path);
    expect(again.status).toBe(410);
    expect(await again.text()).toContain('no longer works');
  });

  it('expires the link, and a newer link replaces the unused older one; only the digest is stored', async () => {
    const a = await bed();
    const older = await a.app.auth.createSignInLink('olivia', 15 * 60_000);
    const newer = await a.app.auth.createSignInLink('olivia', 15 * 60_000);
    expect((await a.call('GET', `/sign-in/link?token=${older.token}`)).status).toBe(410);
    expect((await a.call('GET', `/sign-in/link?token=${newer.token}`)).status).toBe(200);
    const stored = await a.app.domain.db.kysely.selectFrom('sign_in_links').selectAll().execute();
    expect(JSON.stringify(stored)).not.toContain(newer.token);
    a.clock!.advance(15 * 60_000);
    expect((await a.call('GET', `/sign-in/link?token=${newer.token}`)).status).toBe(410);
    expect((await a.call('GET', '/sign-in/link?token=not-a-token')).status).toBe(410);
    await expect(a.app.auth.signInWithLink(newer.token)).rejects.toMatchObject({ code: 'SIGN_IN_LINK_UNUSABLE' });
  });

  it('demo passwords work while PSIZERO_DEMO_PASSWORD is set and stop working, sessions and all, once it is not', async () => {
    const a = await bed();
    const demo = 'a demo password for everyone';
    await a.app.auth.setPassword('fiona', PASSWORD);
    const given = await a.app.auth.applyDemoPassword(demo);
    expect(given.given).not.toContain('fiona');
    expect(given.holders).toContain('sam');
    const signedIn = await a.app.auth.signIn('sam', demo);
    // Started again with the same password: nothing changes, sessions live on.
    expect((await a.app.auth.applyDemoPassword(demo)).given).toEqual([]);
    expect(await a.app.auth.resolveSession(signedIn.token)).not.toBeNull();

    const removed = await a.app.auth.applyDemoPassword(undefined);
    expect(removed.removed).toEqual(given.holders);
    await expect(a.app.auth.signIn('sam', demo)).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    expect(await a.app.auth.resolveSession(signedIn.token)).toBeNull();
    // A person's own password is theirs: untouched.
    expect((await a.app.auth.signIn('fiona', PASSWORD)).principal.personId).toBe('fiona');
  });

  it('takes over demo passwords set before they were marked, and replaces a changed demo password', async () => {
    const a = await bed();
    // An installation from before demo passwords were marked: the demo password looks like anyone's.
    await a.app.auth.setPassword('sam', 'the old demo password');
    await a.app.auth.setPassword('fiona', PASSWORD);
    expect((await a.app.auth.applyDemoPassword('the old demo password')).holders).toContain('sam');
    const session = await a.app.auth.signIn('sam', 'the old demo password');
    const changed = await a.app.auth.applyDemoPassword('the new demo password');
    expect(changed.given).toContain('sam');
    expect(changed.given).not.toContain('fiona');
    expect(await a.app.auth.resolveSession(session.token)).toBeNull();
    await expect(a.app.auth.signIn('sam', 'the old demo password')).rejects.toMatchObject({
      code: 'INVALID_CREDENTIALS',
    });
    expect((await a.app.auth.signIn('sam', 'the new demo password')).principal.personId).toBe('sam');
  });
});

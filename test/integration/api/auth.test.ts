/** Sign-in through the dashboard's form, session cookies, sign-out, API keys, throttling. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PASSWORD, createApiBed, type ApiBed } from '../../helpers/api-bed.ts';
import { databaseFactories } from '../../helpers/databases.ts';

/** The sign-in form's double-submit token: the cookie and the hidden field. */
async function signInForm(bed: ApiBed, base = 'http://localhost'): Promise<{ cookie: string; token: string }> {
  const res = await bed.http.fetch(new Request(`${base}/sign-in`));
  expect(res.status).toBe(200);
  const setCookie = res.headers.get('set-cookie') ?? '';
  const cookie = /psz_signin=([^;]+)/.exec(setCookie)?.[1];
  const token = /name="_csrf" value="([^"]+)"/.exec(await res.text())?.[1];
  expect(cookie).toBeDefined();
  expect(token).toBe(cookie);
  return { cookie: `psz_signin=${cookie!}`, token: token! };
}

async function postSignIn(
  bed: ApiBed,
  form: Record<string, string>,
  cookie: string,
  base = 'http://localhost',
): Promise<Response> {
  return bed.http.fetch(
    new Request(`${base}/sign-in`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, origin: base },
      body: new URLSearchParams(form).toString(),
    }),
  );
}

describe.each(databaseFactories())('authentication on $name', (factory) => {
  let bed: ApiBed;
  beforeEach(async () => {
    bed = await createApiBed(factory);
    await bed.app.auth.setPassword('fiona', PASSWORD);
  });
  afterEach(async () => {
    await bed.close();
  });

  it('signs a person in with a secure, HTTP-only, SameSite session cookie and out again', async () => {
    const { cookie, token } = await signInForm(bed);
    const wrong = await postSignIn(
      bed,
      { person: 'fiona', password: 'not her password', _csrf: token, next: '/runs' },
      cookie,
    );
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toContain('that person and password do not match');

    const ok = await postSignIn(bed, { person: 'fiona', password: PASSWORD, _csrf: token, next: '/runs' }, cookie);
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/runs');
    const setCookie = ok.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/^psz_session=[A-Za-z0-9_-]{43};/);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect(setCookie).not.toMatch(/Secure/);
    const session = setCookie.split(';')[0]!;

    const inbox = await bed.call('GET', '/inbox', { headers: { cookie: session } });
    expect(inbox.status).toBe(200);
    expect(await inbox.text()).toContain('Fiona Finch');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(
      await (await bed.call('GET', '/policy', { headers: { cookie: session } })).text(),
    )![1]!;

    const out = await bed.call('POST', '/sign-out', {
      headers: { cookie: session, origin: 'http://localhost' },
      form: { _csrf: csrf },
    });
    expect(out.status).toBe(303);
    expect(out.headers.get('set-cookie')).toMatch(/psz_session=;/);
    const after = await bed.call('GET', '/inbox', { headers: { cookie: session } });
    expect(after.status).toBe(303);
    expect(after.headers.get('location')).toBe('/sign-in?next=%2Finbox');
    expect((await bed.call('GET', '/api/approvals/inbox', { headers: { cookie: session } })).status).toBe(401);
  });

  it('marks the cookie Secure and host-bound over HTTPS', async () => {
    const base = 'https://ops.example.com';
    const { cookie, token } = await signInForm(bed, base);
    const ok = await postSignIn(bed, { person: 'fiona', password: PASSWORD, _csrf: token }, cookie, base);
    expect(ok.status).toBe(303);
    expect(ok.headers.get('set-cookie')).toMatch(/^__Host-psz_session=[^;]+;.*Secure/);
    expect(ok.headers.get('location')).toBe('/');
  });

  it('refuses a sign-in without the form token, from another site, or with an open redirect', async () => {
    const { cookie, token } = await signInForm(bed);
    expect((await postSignIn(bed, { person: 'fiona', password: PASSWORD, _csrf: 'forged' }, cookie)).status).toBe(403);
    expect((await postSignIn(bed, { person: 'fiona', password: PASSWORD, _csrf: token }, '')).status).toBe(403);
    const foreign = await bed.http.fetch(
      new Request('http://localhost/sign-in', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, origin: 'https://evil.example' },
        body: new URLSearchParams({ person: 'fiona', password: PASSWORD, _csrf: token }).toString(),
      }),
    );
    expect(foreign.status).toBe(403);
    const redirected = await postSignIn(
      bed,
      { person: 'fiona', password: PASSWORD, _csrf: token, next: '//evil.example/x' },
      cookie,
    );
    expect(redirected.headers.get('location')).toBe('/');
  });

  it('slows down password guessing per person', async () => {
    const { cookie, token } = await signInForm(bed);
    for (let i = 0; i < 5; i++)
      expect(
        (await postSignIn(bed, { person: 'fiona', password: `guess number ${i}`, _csrf: token }, cookie)).status,
      ).toBe(401);
    const blocked = await postSignIn(bed, { person: 'fiona', password: PASSWORD, _csrf: token }, cookie);
    expect(blocked.status).toBe(429);
    // Unknown people are refused like wrong passwords, without saying which.
    expect(
      await (await postSignIn(bed, { person: 'nobody', password: PASSWORD, _csrf: token }, cookie)).text(),
    ).toContain('do not match');
  });

  it('accepts API keys as Bearer or X-API-Key until revoked, and never stores them', async () => {
    const { key, record } = await bed.app.auth.createKey({ name: 'prometheus', role: 'viewer' });
    expect(key).toMatch(/^psz_[a-z0-9]{12}_[A-Za-z0-9_-]{43}$/);
    expect(key.startsWith(`psz_${record.id}_`)).toBe(true);
    // The secret is base64url and may itself contain '_': take everything after the id.
    expect(JSON.stringify(await bed.app.repositories.auth.listKeys())).not.toContain(
      key.slice(`psz_${record.id}_`.length),
    );
    expect((await bed.call('GET', '/api/runs', { headers: { authorization: `Bearer ${key}` } })).status).toBe(200);
    expect((await bed.call('GET', '/api/runs', { headers: { 'x-api-key': key } })).status).toBe(200);
    const forged = `${key.slice(0, -4)}AAAA`;
    const bad = await bed.call('GET', '/api/runs', { headers: { authorization: `Bearer ${forged}` } });
    expect(bad.status).toBe(401);
    expect(await bad.json()).toEqual({
      error: { code: 'UNAUTHENTICATED', message: 'the API key is not valid or has been revoked' },
    });
    await bed.app.auth.revokeKey(record.id);
    expect((await bed.call('GET', '/api/runs', { headers: { authorization: `Bearer ${key}` } })).status).toBe(401);
    await expect(bed.app.auth.createKey({ name: '', role: 'root', personId: 'nobody' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      issues: [{ path: 'name' }, { path: 'role' }, { path: 'person' }],
    });
  });
});

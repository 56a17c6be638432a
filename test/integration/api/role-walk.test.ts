/**
 * Walks EVERY route the app registers with EVERY role (and with no credentials) and checks the
 * answer against the route's own declaration: a route without a declaration fails here, and so
 * does a guard that lets the wrong roles through or keeps the right ones out.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MACHINE_ROLES } from '../../../src/auth/index.ts';
import { ManualClock } from '../../../src/lib/clock.ts';
import { ONE_ROLE_EACH, createApiBed, type ApiBed, type Creds } from '../../helpers/api-bed.ts';
import { T0 } from '../../helpers/engine.ts';
import { sqliteFactory } from '../../helpers/databases.ts';
import { accessTableMarkdown, concretePath, errorCode, routesOf } from './routes.ts';

interface Caller {
  label: string;
  /** The roles this caller holds, as the test knows them (not read from the code under test). */
  roles: string[];
  creds: Creds | null;
  personId: string | null;
}

describe('every route with every role', () => {
  let bed: ApiBed;
  const callers: Caller[] = [];
  beforeAll(async () => {
    bed = await createApiBed(sqliteFactory, { policy: ONE_ROLE_EACH, clock: new ManualClock(T0), links: true });
    callers.push({ label: 'no credentials', roles: [], creds: null, personId: null });
    for (const person of ONE_ROLE_EACH.directory.people.filter((p) => p.id !== 'tara')) {
      callers.push({
        label: `${person.roles[0]} (${person.id})`,
        roles: ['person', ...person.roles],
        creds: await bed.signIn(person.id),
        personId: person.id,
      });
    }
    for (const role of MACHINE_ROLES)
      callers.push({ label: `${role} key`, roles: [role], creds: await bed.key(role), personId: null });
  });
  afterAll(async () => {
    await bed.close();
  });

  it('declares who may call every route, with roles that exist', () => {
    const routes = routesOf(bed);
    expect(routes.length).toBeGreaterThan(25);
    const undeclared = routes.filter((r) => r.declaration === undefined).map((r) => `${r.method} ${r.path}`);
    expect(undeclared).toEqual([]);
    const known = new Set(['person', ...MACHINE_ROLES, ...ONE_ROLE_EACH.roles]);
    for (const r of routes) {
      const access = r.declaration!.access;
      if (access.kind === 'roles')
        expect(
          access.roles.filter((role) => !known.has(role)),
          `${r.method} ${r.path}`,
        ).toEqual([]);
    }
  });

  it('allows exactly the declared roles', async () => {
    const failures: string[] = [];
    for (const route of routesOf(bed)) {
      const { access, page } = route.declaration!;
      for (const caller of callers) {
        const res = await bed.call(route.method, concretePath(route.path), {
          as: caller.creds ?? undefined,
          json: route.method === 'GET' ? undefined : {},
          headers: { origin: 'http://localhost' },
        });
        const code = await errorCode(res);
        const where = `${route.method} ${route.path} as ${caller.label}: ${res.status} ${code ?? ''}`;
        if (res.status >= 500) failures.push(`${where} (server error)`);
        if (access.kind === 'public') {
          if (code === 'UNAUTHENTICATED' || code === 'FORBIDDEN') failures.push(`${where} (public route refused)`);
        } else if (caller.creds === null) {
          const toSignIn = res.status === 303 && (res.headers.get('location') ?? '').startsWith('/sign-in');
          if (page ? !toSignIn : !(res.status === 401 && code === 'UNAUTHENTICATED'))
            failures.push(`${where} (expected ${page ? 'redirect to sign-in' : '401'})`);
        } else if (access.roles.some((r) => caller.roles.includes(r))) {
          if (res.status === 401 || code === 'FORBIDDEN' || code === 'UNAUTHENTICATED')
            failures.push(`${where} (allowed role refused)`);
        } else if (!(res.status === 403 && code === 'FORBIDDEN')) {
          failures.push(`${where} (expected 403 FORBIDDEN)`);
        }
        // Signing out ends the session the rest of the walk uses: sign back in.
        if (route.path === '/sign-out' && caller.personId !== null) caller.creds = await bed.signIn(caller.personId);
      }
    }
    expect(failures).toEqual([]);
  });

  it('is documented: docs/api.md lists every route with the roles it allows', () => {
    const docs = readFileSync(new URL('../../../docs/api.md', import.meta.url), 'utf8');
    const block = /<!-- route-table:start -->\n([\s\S]*?)\n<!-- route-table:end -->/.exec(docs)?.[1];
    expect(block, 'docs/api.md has no route table block').toBeDefined();
    expect(block).toBe(accessTableMarkdown(routesOf(bed)));
  });
});

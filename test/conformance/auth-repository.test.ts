import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiKeyRecord, AuthRepository, SessionRecord } from '../../src/auth/auth-repository.ts';
import type { StatsRepository } from '../../src/app/stats-repository.ts';
import type { Database } from '../../src/db/index.ts';
import { createRepositories } from '../../src/app/repositories.ts';
import { SignInThrottle } from '../../src/auth/index.ts';
import { databaseFactories } from '../helpers/databases.ts';

const T0 = Date.UTC(2026, 2, 2, 9);

const key = (id: string, over: Partial<ApiKeyRecord> = {}): ApiKeyRecord => ({
  id,
  name: `key ${id}`,
  role: 'viewer',
  personId: null,
  hash: 'ab'.repeat(32),
  createdAt: T0,
  revokedAt: null,
  ...over,
});
const session = (id: string, personId: string, expiresAt: number): SessionRecord => ({
  id,
  personId,
  csrfToken: `csrf-${id}`,
  createdAt: T0,
  expiresAt,
});

describe.each(databaseFactories())('auth and stats repositories on $name', (factory) => {
  let database: Database;
  let auth: AuthRepository;
  let stats: StatsRepository;
  beforeEach(async () => {
    database = await factory.create();
    const repos = createRepositories(database.db);
    auth = repos.auth;
    stats = repos.stats;
  });
  afterEach(async () => {
    await database.close();
  });

  it('stores API keys, lists newest first and revokes once', async () => {
    await auth.createKey(key('k1'));
    await auth.createKey(key('k2', { createdAt: T0 + 1, role: 'admin', personId: 'fiona' }));
    expect(await auth.getKey('k2')).toEqual(key('k2', { createdAt: T0 + 1, role: 'admin', personId: 'fiona' }));
    expect(await auth.getKey('nope')).toBeNull();
    expect((await auth.listKeys()).map((k) => k.id)).toEqual(['k2', 'k1']);
    expect(await auth.revokeKey('k1', T0 + 5)).toBe(true);
    expect(await auth.revokeKey('k1', T0 + 6)).toBe(false);
    expect(await auth.revokeKey('nope', T0 + 6)).toBe(false);
    expect((await auth.getKey('k1'))?.revokedAt).toBe(T0 + 5);
    await expect(auth.createKey(key('k1'))).rejects.toThrow();
  });

  it('stores sessions, deletes them one by one, per person and when expired', async () => {
    await auth.createSession(session('s1', 'fiona', T0 + 1_000));
    await auth.createSession(session('s2', 'fiona', T0 + 5_000));
    await auth.createSession(session('s3', 'sam', T0 + 5_000));
    expect(await auth.getSession('s1')).toEqual(session('s1', 'fiona', T0 + 1_000));
    expect(await auth.deleteExpiredSessions(T0 + 1_000)).toBe(1);
    expect(await auth.getSession('s1')).toBeNull();
    expect(await auth.deleteSessionsOf('fiona')).toBe(1);
    await auth.deleteSession('s3');
    expect(await auth.getSession('s3')).toBeNull();
  });

  it('keeps one password hash per person', async () => {
    expect(await auth.getPassword('fiona')).toBeNull();
    await auth.setPassword('fiona', 'scrypt$1', T0);
    await auth.setPassword('fiona', 'scrypt$2', T0 + 1);
    await auth.setPassword('carlos', 'scrypt$3', T0);
    expect(await auth.getPassword('fiona')).toBe('scrypt$2');
    expect(await auth.listPasswordHolders()).toEqual(['carlos', 'fiona']);
  });

  it('marks demo passwords, and removes exactly those with their sessions; a password set later is personal', async () => {
    await auth.setPassword('fiona', 'scrypt$own', T0);
    await auth.setDemoPassword('sam', 'scrypt$demo', T0);
    await auth.setDemoPassword('carlos', 'scrypt$demo', T0);
    await auth.setPassword('carlos', 'scrypt$carlos', T0 + 1);
    await auth.createSession(session('s1', 'sam', T0 + 5_000));
    await auth.createSession(session('s2', 'fiona', T0 + 5_000));
    expect(await auth.listDemoPasswordHolders()).toEqual(['sam']);
    expect(await auth.removeDemoPasswords()).toEqual(['sam']);
    expect(await auth.getPassword('sam')).toBeNull();
    expect(await auth.getSession('s1')).toBeNull();
    expect(await auth.getSession('s2')).not.toBeNull();
    expect(await auth.listPasswordHolders()).toEqual(['carlos', 'fiona']);
    expect(await auth.removeDemoPasswords()).toEqual([]);
  });

  it('keeps one usable sign-in link per person, used once, until it expires', async () => {
    const link = (id: string, personId = 'olivia', createdAt = T0) => ({
      id,
      personId,
      createdAt,
      expiresAt: createdAt + 15 * 60_000,
    });
    await auth.replaceSignInLinks(link('l1'));
    await auth.replaceSignInLinks(link('m1', 'fiona'));
    expect(await auth.getUsableSignInLink('l1', T0 + 1)).toEqual(link('l1'));
    await auth.replaceSignInLinks(link('l2', 'olivia', T0 + 10));
    expect(await auth.getUsableSignInLink('l1', T0 + 11)).toBeNull();
    expect(await auth.useSignInLink('l1', T0 + 11)).toBeNull();
    expect(await auth.getUsableSignInLink('m1', T0 + 11)).not.toBeNull();
    const uses = await Promise.all([1, 2, 3].map(() => auth.useSignInLink('l2', T0 + 12)));
    expect(uses.filter((u) => u === 'olivia')).toHaveLength(1);
    expect(await auth.getUsableSignInLink('l2', T0 + 13)).toBeNull();
    expect(await auth.useSignInLink('m1', T0 + 15 * 60_000)).toBeNull();
  });

  it('sign-in throttle: refuses a person after five attempts in fifteen minutes, until the window passes or a success', async () => {
    const t = new SignInThrottle(auth);
    for (let i = 0; i < 5; i++) expect(await t.reserve('fiona', i * 1_000)).toBe(true);
    expect(await t.reserve('fiona', 10_000)).toBe(false);
    expect(await t.reserve('sam', 10_000)).toBe(true);
    expect(await t.reserve('fiona', 15 * 60_000 + 1_000)).toBe(true);
    await t.succeed('fiona');
    expect(await t.reserve('fiona', 10_000)).toBe(true);
  });

  it('sign-in throttle: of fifty parallel reservations, five are granted', async () => {
    const t = new SignInThrottle(auth);
    const granted = await Promise.all(Array.from({ length: 50 }, (_, i) => t.reserve('fiona', T0 + i)));
    expect(granted.filter(Boolean)).toHaveLength(5);
  });

  it('aggregates runs, timers and open approvals for metrics', async () => {
    expect(await stats.runCounts()).toEqual([]);
    expect(await stats.timers(T0)).toEqual({ scheduled: 0, due: 0, oldestDueAt: null });
    expect(await stats.openApprovals()).toEqual([]);
  });
});

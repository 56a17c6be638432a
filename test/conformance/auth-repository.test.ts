import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiKeyRecord, AuthRepository, SessionRecord } from '../../src/auth/auth-repository.ts';
import type { StatsRepository } from '../../src/app/stats-repository.ts';
import type { Database } from '../../src/db/index.ts';
import { createRepositories } from '../../src/app/repositories.ts';
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

  it('aggregates runs, timers and open approvals for metrics', async () => {
    expect(await stats.runCounts()).toEqual([]);
    expect(await stats.timers(T0)).toEqual({ scheduled: 0, due: 0, oldestDueAt: null });
    expect(await stats.openApprovals()).toEqual([]);
  });
});

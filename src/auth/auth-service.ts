/**
 * Authentication for the HTTP API, the dashboard and the CLI: API keys for machines, passwords
 * and sign-in sessions for people in the policy directory. Knows nothing of HTTP: the API layer
 * turns headers and cookies into calls here.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../lib/clock.ts';
import { NotFoundError, ValidationError } from '../lib/errors.ts';
import type { Directory, Person } from '../policy/index.ts';
import { findPerson } from '../policy/index.ts';
import type { ApiKeyRecord, AuthRepository } from './auth-repository.ts';
import { apiKeyId, generateApiKey, hashApiKey, sha256Equal } from './api-keys.ts';
import { AuthError } from './errors.ts';
import { checkPasswordStrength, decoyPasswordHash, hashPassword, verifyPassword } from './passwords.ts';
import { MACHINE_ROLES, isMachineRole, type KeyPrincipal, type PersonPrincipal } from './roles.ts';
import { SignInThrottle } from './sign-in-throttle.ts';

export interface AuthServiceOptions {
  repository: AuthRepository;
  directory: Directory;
  clock: Clock;
  /** How long a sign-in lasts (default 12 hours). */
  sessionTtlMs?: number;
  /** Default: five attempts per person in fifteen minutes, counted in the database. */
  throttle?: SignInThrottle;
}

/** What `applyDemoPassword` changed at start. */
export interface DemoPasswords {
  /** People who got the demo password now. */
  given: string[];
  /** People whose demo password was removed (none is configured any more); their sessions ended. */
  removed: string[];
  /** People who can sign in with the demo password now. */
  holders: string[];
}

/** The throttle's one key for every name that is not in the directory. */
const UNKNOWN_PERSON = '?';

/** Tokens are 32 random bytes in base64url; anything else is not worth a lookup. */
const isTokenShaped = (token: string): boolean => /^[A-Za-z0-9_-]{43}$/.test(token);

export interface NewSession {
  /** The secret for the session cookie; only its sha256 is stored. */
  token: string;
  principal: PersonPrincipal;
  expiresAt: number;
  /** How long the session lives from now (the cookie's Max-Age). */
  ttlMs: number;
}

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

export class AuthService {
  readonly repository: AuthRepository;
  readonly directory: Directory;
  private readonly clock: Clock;
  private readonly sessionTtlMs: number;
  private readonly throttle: SignInThrottle;
  private decoy: Promise<string> | null = null;

  constructor(options: AuthServiceOptions) {
    this.repository = options.repository;
    this.directory = options.directory;
    this.clock = options.clock;
    this.sessionTtlMs = options.sessionTtlMs ?? 12 * 3_600_000;
    this.throttle = options.throttle ?? new SignInThrottle(options.repository);
  }

  /** Creates a key; the returned `key` is the only time the secret exists outside the caller. */
  async createKey(input: {
    name: string;
    role: string;
    personId?: string | null;
  }): Promise<{ key: string; record: ApiKeyRecord }> {
    const issues = [];
    const name = input.name.trim();
    if (name.length === 0 || name.length > 100) issues.push({ path: 'name', message: 'must be 1 to 100 characters' });
    if (!isMachineRole(input.role))
      issues.push({ path: 'role', message: `expected one of ${MACHINE_ROLES.join(', ')}` });
    const personId = input.personId ?? null;
    if (personId !== null && findPerson(this.directory, personId) === undefined) {
      issues.push({ path: 'person', message: `no person with id "${personId}" in the policy directory` });
    }
    if (issues.length > 0) throw new ValidationError('invalid API key', issues);
    const { id, key } = generateApiKey();
    const record: ApiKeyRecord = {
      id,
      name,
      role: input.role,
      personId,
      hash: hashApiKey(key),
      createdAt: this.clock.now(),
      revokedAt: null,
    };
    await this.repository.createKey(record);
    return { key, record };
  }

  listKeys(): Promise<ApiKeyRecord[]> {
    return this.repository.listKeys();
  }

  async revokeKey(id: string): Promise<void> {
    if (await this.repository.revokeKey(id, this.clock.now())) return;
    const key = await this.repository.getKey(id);
    if (key === null) throw new NotFoundError('API key', id);
  }

  /** The key's principal, or null for anything that is not a live key. */
  async authenticateKey(presented: string): Promise<KeyPrincipal | null> {
    const id = apiKeyId(presented);
    if (id === null) return null;
    const record = await this.repository.getKey(id);
    if (record === null || record.revokedAt !== null || !sha256Equal(record.hash, hashApiKey(presented))) return null;
    if (!isMachineRole(record.role)) return null;
    return { kind: 'key', keyId: record.id, name: record.name, role: record.role, personId: record.personId };
  }

  async setPassword(personId: string, password: string): Promise<void> {
    if (findPerson(this.directory, personId) === undefined) throw new NotFoundError('person', personId);
    await this.repository.setPassword(personId, await hashPassword(password), this.clock.now());
    // A changed password ends every session that was signed in with the old one.
    await this.repository.deleteSessionsOf(personId);
  }

  /**
   * Demo installations, at every start: with a demo password configured, every directory person
   * without a password of their own gets it (marked as the demo password; a changed demo password
   * replaces the old one and ends the sessions signed in with it); without one, every demo password
   * is removed and the sessions signed in with it end. A password a person set is never touched.
   */
  async applyDemoPassword(password: string | undefined): Promise<DemoPasswords> {
    if (password === undefined) return { given: [], removed: await this.repository.removeDemoPasswords(), holders: [] };
    checkPasswordStrength(password);
    const demo = new Set(await this.repository.listDemoPasswordHolders());
    const given: string[] = [];
    let hash: string | null = null;
    for (const person of this.directory.people) {
      const stored = await this.repository.getPassword(person.id);
      const isDemo = stored !== null && (await verifyPassword(password, stored));
      // Marked too when it was set before demo passwords were marked (an installation from an earlier version).
      if (isDemo && !demo.has(person.id)) await this.repository.setDemoPassword(person.id, stored, this.clock.now());
      if (isDemo || (stored !== null && !demo.has(person.id))) continue;
      hash ??= await hashPassword(password);
      await this.repository.setDemoPassword(person.id, hash, this.clock.now());
      // An earlier demo password ends with the sessions signed in with it.
      if (stored !== null) await this.repository.deleteSessionsOf(person.id);
      given.push(person.id);
    }
    return { given, removed: [], holders: await this.repository.listDemoPasswordHolders() };
  }

  async signIn(personId: string, password: string): Promise<NewSession> {
    const now = this.clock.now();
    const person = findPerson(this.directory, personId);
    // Counted before the password check (tens of milliseconds), so parallel guesses cannot all get through.
    if (!(await this.throttle.reserve(person === undefined ? UNKNOWN_PERSON : personId, now))) {
      throw new AuthError(
        'TOO_MANY_ATTEMPTS',
        'too many failed sign-ins for this person; wait 15 minutes and try again',
      );
    }
    const stored = person === undefined ? null : await this.repository.getPassword(personId);
    // Unknown people and people without a password cost the same scrypt as a wrong password.
    const ok = await verifyPassword(password, stored ?? (await this.decoyHash()));
    if (!ok || stored === null || person === undefined) {
      throw new AuthError('INVALID_CREDENTIALS', 'that person and password do not match');
    }
    await this.throttle.succeed(personId);
    return this.startSession(person, now);
  }

  /**
   * A one-time sign-in link for the person (`npm start` prints one for the owner): the returned
   * token is its only copy, only its sha256 is stored, and every unused earlier link of theirs
   * stops working.
   */
  async createSignInLink(personId: string, ttlMs: number): Promise<{ token: string; expiresAt: number }> {
    if (findPerson(this.directory, personId) === undefined) throw new NotFoundError('person', personId);
    const token = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    const expiresAt = now + ttlMs;
    await this.repository.replaceSignInLinks({ id: sha256(token), personId, createdAt: now, expiresAt });
    return { token, expiresAt };
  }

  /** Whom a sign-in link would sign in, changing nothing (link scanners open links); null when it cannot be used. */
  async inspectSignInLink(token: string): Promise<Person | null> {
    if (!isTokenShaped(token)) return null;
    const link = await this.repository.getUsableSignInLink(sha256(token), this.clock.now());
    return link === null ? null : (findPerson(this.directory, link.personId) ?? null);
  }

  /** Uses the link up, once however many requests race, and starts a session as its person. */
  async signInWithLink(token: string): Promise<NewSession> {
    const now = this.clock.now();
    const personId = isTokenShaped(token) ? await this.repository.useSignInLink(sha256(token), now) : null;
    const person = personId === null ? undefined : findPerson(this.directory, personId);
    if (person === undefined) {
      throw new AuthError(
        'SIGN_IN_LINK_UNUSABLE',
        'this sign-in link was already used, has expired, or a newer one replaced it',
      );
    }
    return this.startSession(person, now);
  }

  /** The signed-in person for a session cookie's token, or null (unknown, expired, person removed). */
  async resolveSession(token: string): Promise<PersonPrincipal | null> {
    if (token.length === 0 || token.length > 200) return null;
    const session = await this.repository.getSession(sha256(token));
    if (session === null || session.expiresAt <= this.clock.now()) return null;
    const person = findPerson(this.directory, session.personId);
    return person === undefined ? null : this.personPrincipal(person, session.id, session.csrfToken);
  }

  async signOut(sessionId: string): Promise<void> {
    await this.repository.deleteSession(sessionId);
  }

  /** A fresh session (never one the browser brought: no fixation). */
  private async startSession(person: Person, now: number): Promise<NewSession> {
    await this.repository.deleteExpiredSessions(now);
    const token = randomBytes(32).toString('base64url');
    const session = {
      id: sha256(token),
      personId: person.id,
      csrfToken: randomBytes(32).toString('base64url'),
      createdAt: now,
      expiresAt: now + this.sessionTtlMs,
    };
    await this.repository.createSession(session);
    return {
      token,
      principal: this.personPrincipal(person, session.id, session.csrfToken),
      expiresAt: session.expiresAt,
      ttlMs: this.sessionTtlMs,
    };
  }

  private personPrincipal(person: Person, sessionId: string, csrfToken: string): PersonPrincipal {
    return { kind: 'person', personId: person.id, name: person.name, roles: person.roles, sessionId, csrfToken };
  }

  private decoyHash(): Promise<string> {
    this.decoy ??= decoyPasswordHash();
    return this.decoy;
  }
}

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
import { decoyPasswordHash, hashPassword, verifyPassword } from './passwords.ts';
import { MACHINE_ROLES, isMachineRole, type KeyPrincipal, type PersonPrincipal } from './roles.ts';
import { SignInThrottle } from './sign-in-throttle.ts';

export interface AuthServiceOptions {
  repository: AuthRepository;
  directory: Directory;
  clock: Clock;
  /** How long a sign-in lasts (default 12 hours). */
  sessionTtlMs?: number;
  throttle?: SignInThrottle;
}

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
    this.throttle = options.throttle ?? new SignInThrottle();
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

  /** Gives every directory person without a password this one (demo installations); returns who got it. */
  async seedPasswords(password: string): Promise<string[]> {
    const holders = new Set(await this.repository.listPasswordHolders());
    const missing = this.directory.people.filter((p) => !holders.has(p.id));
    for (const person of missing)
      await this.repository.setPassword(person.id, await hashPassword(password), this.clock.now());
    return missing.map((p) => p.id);
  }

  async signIn(personId: string, password: string): Promise<NewSession> {
    const now = this.clock.now();
    if (!this.throttle.allows(personId, now)) {
      throw new AuthError(
        'TOO_MANY_ATTEMPTS',
        'too many failed sign-ins for this person; wait 15 minutes and try again',
      );
    }
    const person = findPerson(this.directory, personId);
    const stored = person === undefined ? null : await this.repository.getPassword(personId);
    // Unknown people and people without a password cost the same scrypt as a wrong password.
    const ok = await verifyPassword(password, stored ?? (await this.decoyHash()));
    if (!ok || stored === null || person === undefined) {
      this.throttle.fail(personId, now);
      throw new AuthError('INVALID_CREDENTIALS', 'that person and password do not match');
    }
    this.throttle.succeed(personId);
    await this.repository.deleteExpiredSessions(now);
    const token = randomBytes(32).toString('base64url');
    const session = {
      id: sha256(token),
      personId,
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

  private personPrincipal(person: Person, sessionId: string, csrfToken: string): PersonPrincipal {
    return { kind: 'person', personId: person.id, name: person.name, roles: person.roles, sessionId, csrfToken };
  }

  private decoyHash(): Promise<string> {
    this.decoy ??= decoyPasswordHash();
    return this.decoy;
  }
}

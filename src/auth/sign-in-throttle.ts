/**
 * Slows down password guessing: once `maxFailures` sign-ins for one person were attempted within
 * `windowMs` without a success, further attempts for that person are refused until the window
 * passes. The attempt is counted before its password is checked (a hash takes tens of
 * milliseconds, and counting after it let a burst of parallel guesses all through), and the counts
 * live in the database, so they hold across restarts and across every server process. It bounds
 * online guessing; it is not an account lock an attacker could use to keep a person out for
 * longer than the window.
 */
import type { AuthRepository } from './auth-repository.ts';

export class SignInThrottle {
  constructor(
    private readonly repository: Pick<AuthRepository, 'reserveSignInAttempt' | 'clearSignInAttempts'>,
    private readonly maxFailures = 5,
    private readonly windowMs = 15 * 60_000,
  ) {}

  /** Counts an attempt for this person now; false (and not counted) when they may not try now. */
  reserve(personId: string, now: number): Promise<boolean> {
    return this.repository.reserveSignInAttempt(personId, now, this.windowMs, this.maxFailures);
  }

  /** The password was right: the person's count starts again. */
  succeed(personId: string): Promise<void> {
    return this.repository.clearSignInAttempts(personId);
  }
}

/**
 * Slows down password guessing: after `maxFailures` failed sign-ins for one person within
 * `windowMs`, further attempts for that person are refused until the window passes. In memory,
 * per process: it bounds online guessing, it is not an account lock an attacker could use to keep
 * a person out for longer than the window.
 */
export class SignInThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly maxFailures = 5,
    private readonly windowMs = 15 * 60_000,
  ) {}

  /** True when this person may try now. */
  allows(personId: string, now: number): boolean {
    return this.recent(personId, now).length < this.maxFailures;
  }

  fail(personId: string, now: number): void {
    this.failures.set(personId, [...this.recent(personId, now), now]);
  }

  succeed(personId: string): void {
    this.failures.delete(personId);
  }

  private recent(personId: string, now: number): number[] {
    return (this.failures.get(personId) ?? []).filter((t) => t > now - this.windowMs);
  }
}

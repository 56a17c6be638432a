/**
 * One SQLite connection is shared by the engine's store (synchronous better-sqlite3 transactions,
 * each begun and ended within one call, migrations included) and by Kysely's transactions (business
 * data, approvals, audit), which span awaits. While such an asynchronous transaction is open,
 * anything else written on the connection would land inside it and be undone by its rollback
 * (better-sqlite3 even turns a nested `transaction()` into a savepoint). The gate prevents that: an
 * asynchronous transaction holds it from BEGIN to COMMIT or ROLLBACK, and the store runs its writes
 * only while nobody holds it. So domain code may roll back on purpose without taking the engine's
 * commits with it. The price: code inside such a transaction must not wait for an engine write
 * (start or publish through the engine and await it), which waits for the transaction to end;
 * domain code writes to its outbox instead and relays after the commit.
 */
import type Database from 'better-sqlite3';
import { InternalError } from '../../lib/errors.ts';

export class ConnectionGate {
  private held: Promise<void> | null = null;
  private releaseHeld: (() => void) | null = null;

  constructor(private readonly database: Database.Database) {}

  get busy(): boolean {
    return this.held !== null;
  }

  /** Waits until nobody holds the gate, then holds it for an asynchronous transaction. */
  async acquire(): Promise<void> {
    while (this.held) await this.held;
    this.held = new Promise((resolve) => (this.releaseHeld = resolve));
  }

  release(): void {
    const release = this.releaseHeld;
    this.held = null;
    this.releaseHeld = null;
    release?.();
  }

  /**
   * Runs synchronous `work` once no asynchronous transaction is open. The last check and `work` run in
   * the same turn of the event loop, so no transaction can begin in between.
   */
  async whenFree<T>(work: () => T): Promise<T> {
    while (this.held) await this.held;
    // A transaction the gate does not know of (someone began one on the raw connection) would
    // swallow this write: refuse loudly instead of losing it on its rollback.
    if (this.database.inTransaction) {
      throw new InternalError('a transaction outside the connection gate is open on the shared SQLite connection');
    }
    return work();
  }
}

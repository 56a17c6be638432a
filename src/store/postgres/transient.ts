/** Deadlock or serialisation failure: PostgreSQL rolled the transaction back whole, so running it again is safe. */
function isTransient(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '40P01' || code === '40001';
}

/**
 * Runs `fn` again, a few times with a short jittered pause, while it fails with a deadlock or a
 * serialisation failure. `fn` must be one whole transaction. Apart from connection.ts so that the
 * Kysely handle (src/db) uses it without loading pg.
 */
export async function withTransientRetry<T>(fn: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (attempt >= attempts || !isTransient(err)) throw err;
      await new Promise((resolve) => setTimeout(resolve, attempt * 2 + Math.random() * 5));
    }
  }
}

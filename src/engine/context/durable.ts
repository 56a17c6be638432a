/** JSON round trip: a value looks the same on first execution as when it is replayed from history. */
export function durable<T>(value: T): T {
  return (value === undefined ? null : JSON.parse(JSON.stringify(value))) as T;
}

/** Suffix that keeps ids and keys fresh after a compensated retry (see ReplayState.keyEpoch). */
export function epochSuffix(keyEpoch: number): string {
  return keyEpoch ? `~${keyEpoch}` : '';
}

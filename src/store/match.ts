/**
 * Event-wait matching shared by every adapter: a payload matches when every key of `match`
 * equals the payload's value at that key (dotted keys reach into nested objects).
 */
export function payloadMatches(payload: unknown, match: Record<string, unknown> | null): boolean {
  if (!match) return true;
  for (const [path, expected] of Object.entries(match)) {
    if (!deepEqual(valueAt(payload, path), expected)) return false;
  }
  return true;
}

function valueAt(value: unknown, path: string): unknown {
  let cur = value;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

import { ManualClock } from '../../src/lib/clock.ts';
import { Engine, type EngineOptions } from '../../src/engine/engine.ts';
import type { Store } from '../../src/store/types.ts';

export const T0 = Date.UTC(2026, 2, 1, 12, 0, 0);

export interface TestEngine {
  engine: Engine;
  clock: ManualClock;
  store: Store;
}

export function testEngine(store: Store, options: Partial<EngineOptions> = {}): TestEngine {
  const clock = new ManualClock(T0);
  const engine = new Engine({ store, clock, workerId: 'test-worker', ...options });
  return { engine, clock, store };
}

export function historyTypes(history: { type: string }[]): string[] {
  return history.map((h) => h.type);
}

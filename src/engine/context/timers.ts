/** `ctx.sleep` / `ctx.sleepUntil`: a durable timer. A sleeping run is a row with a due time. */
import type { Execution } from '../execution.ts';

export async function sleepUntilDue(ex: Execution, name: string, dueIfNew: () => number): Promise<void> {
  const { pos, cmd } = ex.nextCommand('sleep', name);
  if (cmd?.fired) return;
  const now = ex.deps.clock.now();
  if (!cmd) {
    const due = dueIfNew();
    if (due <= now) {
      void ex.append([ex.event('timer_set', { pos, name, due }), ex.event('timer_fired', { pos })]);
      return;
    }
    await ex.append([ex.event('timer_set', { pos, name, due })]);
    return ex.block({ wakeAt: due });
  }
  // Recording the firing need not hold the run up: later commits of this run are ordered after it,
  // and a replay that lost it would see the same due time and fire again.
  if (cmd.due <= now) {
    void ex.append([ex.event('timer_fired', { pos })]);
    return;
  }
  return ex.block({ wakeAt: cmd.due });
}

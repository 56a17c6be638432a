/** `ctx.startChild`: a child run whose result the parent can await durably. */
import { ChildFailedError } from '../../lib/errors.ts';
import type { Execution } from '../execution.ts';
import type { ChildOutcome } from '../replay-state.ts';
import type { ChildHandle, WorkflowDefinition } from '../workflow.ts';
import { epochSuffix } from './durable.ts';

export async function startChild<I, O, In>(
  ex: Execution,
  workflow: WorkflowDefinition<I, O, In> | string,
  input: In,
): Promise<ChildHandle<O>> {
  const name = typeof workflow === 'string' ? workflow : workflow.name;
  const { pos, cmd } = ex.nextCommand('child', name);
  if (cmd) return childHandle<O>(ex, pos, cmd.childId);
  const def = ex.deps.resolveWorkflow(name);
  const childId = `${ex.runId}.c${pos}${epochSuffix(ex.state.keyEpoch)}`;
  const newRun = ex.deps.newRun(def, input, { id: childId, parentId: ex.runId, key: null });
  await ex.append([ex.event('child_started', { pos, workflow: name, childId })], { createRuns: [newRun] });
  return childHandle<O>(ex, pos, childId);
}

function childHandle<O>(ex: Execution, pos: number, childId: string): ChildHandle<O> {
  let pending: Promise<O> | undefined;
  const settle = (outcome: ChildOutcome): O => {
    if (outcome.status === 'completed') return outcome.output as O;
    throw new ChildFailedError(childId, outcome.status, outcome.error);
  };
  async function result(): Promise<O> {
    const cmd = ex.state.commands[pos];
    if (cmd?.kind === 'child' && cmd.finished) return settle(cmd.finished);
    const key = `child:${childId}`;
    const delivered = ex.inbox.get(key) as ChildOutcome | undefined;
    if (!delivered) return ex.block({ wakeAt: null, inboxKey: key });
    const outcome = { status: delivered.status, output: delivered.output, error: delivered.error };
    await ex.append([ex.event('child_finished', { pos, childId, ...outcome })], { consumeInbox: [key] });
    return settle(outcome);
  }
  return { runId: childId, result: () => (pending ??= result()) };
}

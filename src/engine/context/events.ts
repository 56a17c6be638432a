/** `ctx.waitForEvent` and `ctx.emit`: publish/subscribe between workflows and the outside world. */
import type { Execution } from '../execution.ts';
import type { ReceivedEvent, WaitOptions, WaitResult } from '../workflow.ts';
import { durable, epochSuffix } from './durable.ts';

export async function waitForEvent<P>(ex: Execution, topic: string, options: WaitOptions = {}): Promise<WaitResult<P>> {
  const { pos, cmd: existing } = ex.nextCommand('wait', topic);
  let cmd = existing;
  if (!cmd) {
    const afterSeq = await ex.track(() => ex.deps.store.eventHighWater());
    const timeoutAt = options.timeout === undefined ? null : ex.deps.clock.now() + options.timeout;
    const key = `wait:${pos}${epochSuffix(ex.state.keyEpoch)}`;
    const match = options.match ? durable(options.match) : null;
    await ex.append([ex.event('wait_started', { pos, topic, match, afterSeq, timeoutAt, key })]);
    cmd = ex.state.commands[pos] as typeof existing & object;
  }
  if (cmd.event !== undefined) return { ok: true, event: cmd.event as ReceivedEvent<P> };
  if (cmd.timedOut) return { ok: false, timedOut: true };
  if (ex.inbox.has(cmd.key)) {
    const event = ex.inbox.get(cmd.key);
    await ex.append([ex.event('event_received', { pos, event })], { consumeInbox: [cmd.key] });
    return { ok: true, event: event as ReceivedEvent<P> };
  }
  if (cmd.timeoutAt !== null && cmd.timeoutAt <= ex.deps.clock.now()) {
    await ex.append([ex.event('wait_timed_out', { pos })]);
    return { ok: false, timedOut: true };
  }
  return ex.block({
    wakeAt: cmd.timeoutAt,
    wait: { key: cmd.key, topic, match: cmd.match, afterSeq: cmd.afterSeq },
    inboxKey: cmd.key,
  });
}

export async function emit(ex: Execution, topic: string, payload: unknown): Promise<void> {
  const { pos, cmd } = ex.nextCommand('emit', topic);
  if (cmd) return;
  const event = ex.deps.withSubscribers({
    id: `${ex.runId}.e${pos}${epochSuffix(ex.state.keyEpoch)}`,
    topic,
    payload: durable(payload),
    publishedAt: ex.deps.clock.now(),
    sourceRunId: ex.runId,
  });
  await ex.append([ex.event('event_emitted', { pos, topic, eventId: event.id })], { publish: [event] });
}

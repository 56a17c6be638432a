import type { DomainEventSink } from '../../src/domain/index.ts';

/** Collects published events like the engine would: a repeated id is a no-op. */
export class RecordingSink implements DomainEventSink {
  readonly events: { id: string; topic: string; payload: unknown }[] = [];
  private readonly ids = new Set<string>();
  publishCalls = 0;

  async publish(topic: string, payload: unknown, options: { id: string }): Promise<void> {
    this.publishCalls++;
    if (this.ids.has(options.id)) return;
    this.ids.add(options.id);
    this.events.push({ id: options.id, topic, payload });
  }

  topics(): string[] {
    return this.events.map((e) => e.topic);
  }
}

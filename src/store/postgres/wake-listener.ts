import pg from 'pg';
import { quoteIdent } from './connection.ts';

const FIRST_RETRY_MS = 100;
const MAX_RETRY_MS = 5_000;

/**
 * A dedicated connection (not from the pool: LISTEN belongs to one session, and a pooled connection
 * would be handed to other queries) that calls `onWake` on every NOTIFY on the store's channel.
 * When the connection is lost (the database restarted) it reconnects with backoff, and calls
 * `onWake` once reconnected because notifications sent in the gap are lost; polling covers the gap.
 */
export class WakeListener {
  private client: pg.Client | null = null;
  private retryMs = FIRST_RETRY_MS;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    private readonly config: pg.ClientConfig,
    private readonly channel: string,
    private readonly onWake: () => void,
    private readonly onError: (err: Error) => void,
  ) {}

  /** Connects and listens; rejects if the first connection fails (the caller falls back to polling). */
  async start(): Promise<void> {
    await this.connect();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const client = this.client;
    this.client = null;
    if (client) await client.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new pg.Client(this.config);
    // Attached before connect: an 'error' event without a listener would crash the process.
    client.on('error', (err) => this.lost(client, err));
    client.on('end', () => this.lost(client, new Error('wake-up connection closed')));
    client.on('notification', (msg) => {
      if (msg.channel === this.channel) this.onWake();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${quoteIdent(this.channel)}`);
    } catch (err) {
      await client.end().catch(() => undefined);
      throw err;
    }
    if (this.closed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.retryMs = FIRST_RETRY_MS;
  }

  /** Only the current, listening client counts: errors while connecting surface through connect(). */
  private lost(client: pg.Client, err: Error): void {
    if (this.client !== client) return;
    this.client = null;
    client.end().catch(() => undefined);
    if (this.closed) return;
    this.onError(err);
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.closed || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.connect().then(
        () => {
          if (!this.closed) this.onWake();
        },
        (err: unknown) => {
          this.onError(err instanceof Error ? err : new Error(String(err)));
          this.retryMs = Math.min(this.retryMs * 2, MAX_RETRY_MS);
          this.scheduleReconnect();
        },
      );
    }, this.retryMs);
    // A worker that is otherwise done must be able to exit while the database is away.
    this.timer.unref();
  }
}

/**
 * The local outbox: what customers would have received while no SMTP server (or no SMS provider)
 * is configured, the embedded default. The customer messenger captures a message here instead of
 * sending it, and the step records `captured_locally`; the dashboard's Outbox page and
 * `GET /api/outbox` show it as the customer would have seen it. Written by the messenger's durable
 * steps, whose idempotency key gives the row id, so a step that runs twice captures once. Written
 * once for SQLite and PostgreSQL. (Not `domain_outbox`, which queues domain events for the engine.)
 */
import { createHash } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { Db } from '../db/index.ts';
import type { CustomerOutboxTable } from '../db/tables.ts';

export const OUTBOX_CHANNELS = ['email', 'sms'] as const;
export type OutboxChannel = (typeof OUTBOX_CHANNELS)[number];

/** A message to capture, as the sending step hands it over. */
export interface CaptureInput {
  /** The sending step's idempotency key: the same key captures once. */
  idempotencyKey: string;
  customerId: string;
  channel: OutboxChannel;
  /** The email address or the phone number (E.164) it was meant for. */
  recipient: string;
  /** Email only. */
  subject: string | null;
  /** The plain-text email part, or the SMS text. */
  text: string;
  /** The HTML email part; null for SMS. */
  html: string | null;
  /** Which message it is (`final_notice`, `invoice`, ...). */
  template: string;
  invoiceId: string | null;
  runId: string;
}

export interface OutboxMessage extends CaptureInput {
  id: string;
  /** The customer's name at the time it is read (null when the customer is gone). */
  customerName: string | null;
  capturedAt: number;
}

export interface OutboxFilter {
  customerId?: string | undefined;
  channel?: OutboxChannel | undefined;
  /** Only the customers of this customer-success manager. */
  csmId?: string | undefined;
  /** Default 100, at most 500. Newest first. */
  limit?: number | undefined;
}

export const MAX_OUTBOX_PAGE = 500;

/** `obx_` and 24 hex digits of the key's SHA-256: stable across the step's attempts and replays. */
export function outboxIdFor(idempotencyKey: string): string {
  return `obx_${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 24)}`;
}

type Row = Selectable<CustomerOutboxTable> & { customer_name: string | null };

function messageFromRow(row: Row): OutboxMessage {
  return {
    id: row.id,
    idempotencyKey: row.idempotency_key,
    customerId: row.customer_id,
    customerName: row.customer_name,
    channel: row.channel as OutboxChannel,
    recipient: row.recipient,
    subject: row.subject,
    text: row.body_text,
    html: row.body_html,
    template: row.template,
    invoiceId: row.invoice_id,
    runId: row.run_id,
    capturedAt: Number(row.captured_at),
  };
}

export class CustomerOutbox {
  constructor(
    private readonly db: Db,
    private readonly now: () => number,
  ) {}

  /** Stores the message unless its key was captured before; returns its id either way. */
  async capture(input: CaptureInput): Promise<{ id: string; created: boolean }> {
    const id = outboxIdFor(input.idempotencyKey);
    const result = await this.db.kysely
      .insertInto('customer_outbox')
      .values({
        id,
        idempotency_key: input.idempotencyKey,
        customer_id: input.customerId,
        channel: input.channel,
        recipient: input.recipient,
        subject: input.subject,
        body_text: input.text,
        body_html: input.html,
        template: input.template,
        invoice_id: input.invoiceId,
        run_id: input.runId,
        captured_at: this.now(),
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .executeTakeFirst();
    return { id, created: result.numInsertedOrUpdatedRows === 1n };
  }

  /** Captured messages, newest first, with the customer's name. */
  async list(filter: OutboxFilter = {}): Promise<OutboxMessage[]> {
    const limit = Math.max(1, Math.min(MAX_OUTBOX_PAGE, Math.floor(filter.limit ?? 100)));
    const rows = await this.selectMessages()
      .$if(filter.customerId !== undefined, (q) => q.where('o.customer_id', '=', filter.customerId!))
      .$if(filter.channel !== undefined, (q) => q.where('o.channel', '=', filter.channel!))
      .$if(filter.csmId !== undefined, (q) => q.where('c.csm_id', '=', filter.csmId!))
      .orderBy('o.captured_at', 'desc')
      .orderBy('o.id', 'desc')
      .limit(limit)
      .execute();
    return rows.map(messageFromRow);
  }

  async get(id: string): Promise<OutboxMessage | null> {
    const row = await this.selectMessages().where('o.id', '=', id).executeTakeFirst();
    return row === undefined ? null : messageFromRow(row);
  }

  private selectMessages() {
    return this.db.kysely
      .selectFrom('customer_outbox as o')
      .leftJoin('customers as c', 'c.id', 'o.customer_id')
      .selectAll('o')
      .select('c.name as customer_name');
  }
}

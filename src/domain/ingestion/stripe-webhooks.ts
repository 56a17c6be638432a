/**
 * Stripe webhooks: verify, deduplicate, map, write — all or nothing.
 *
 * 1. `Stripe-Signature` is verified with the official `stripe` package (constructEvent) against the
 *    raw body; a wrong or stale signature throws StripeSignatureError before anything is read.
 * 2. In ONE transaction: a redelivered id found in `stripe_events` is a no-op; otherwise the event
 *    is mapped and written through the ingestion service, its domain events go to the outbox, and
 *    the id is recorded. A rejection (unknown customer, invalid amounts) stores nothing, so Stripe's
 *    redelivery can succeed later (say, once the customer has been imported).
 * 3. After the commit the outbox is relayed to the engine.
 */
import Stripe from 'stripe';
import type { FieldIssue } from '../../lib/errors.ts';
import type { Db, DbTransaction } from '../../db/database.ts';
import { StripeEventRejectedError, StripeSignatureError } from '../errors.ts';
import type { BatchReport } from './report.ts';
import type { IngestionService } from './service.ts';
import { MappingRejection, planStripeEvent, type StripePlan } from './stripe-mapping.ts';
import { StripeEventSchema, type StripeEventEnvelope } from './stripe-objects.ts';
import { parseIssues } from '../../lib/field-issues.ts';

export interface StripeWebhookResult {
  eventId: string;
  type: string;
  /** applied: written; ignored: acknowledged, not mapped; duplicate: this event id was handled before. */
  status: 'applied' | 'ignored' | 'duplicate';
  reason?: string;
  reports: BatchReport[];
}

export interface StripeWebhookDeps {
  db: Db;
  ingest: IngestionService;
  now: () => number;
  /** Largest accepted age of the signature timestamp, in seconds (Stripe's default: 300). */
  toleranceSeconds?: number;
}

export class StripeWebhookService {
  constructor(private readonly deps: StripeWebhookDeps) {}

  async handleStripeWebhook(
    rawBody: string | Buffer,
    signatureHeader: string,
    secret: string,
  ): Promise<StripeWebhookResult> {
    const event = this.verify(rawBody, signatureHeader, secret);
    const now = this.deps.now();
    const outcome = await this.deps.db.transaction(
      async (trx): Promise<StripeWebhookResult | { rejected: FieldIssue[] }> => {
        const seen = await trx.selectFrom('stripe_events').select('id').where('id', '=', event.id).executeTakeFirst();
        if (seen) return { eventId: event.id, type: event.type, status: 'duplicate', reports: [] };
        // Everything that can reject the event runs before the first write, so a rejection returns
        // having written nothing.
        const plan = await this.plan(trx, event);
        if ('rejected' in plan) return plan;
        const prepared =
          plan.kind === 'apply' ? plan.batches.map((b) => this.deps.ingest.validate(b.entity, b.records)) : [];
        const invalid = prepared.flatMap((p) => p.rejected.flatMap((r) => (r.issues ?? []).map(prefix(p.entity))));
        if (invalid.length > 0) return { rejected: invalid };
        const reports: BatchReport[] = [];
        for (const batch of prepared) {
          const report = await this.deps.ingest.writeWithin(trx, batch);
          const rejected = report.records
            .filter((r) => r.status === 'rejected')
            .flatMap((r) => (r.issues ?? []).map(prefix(batch.entity)));
          if (rejected.length > 0) {
            // Only a reference that vanished between planning and writing gets here; undo the event whole.
            if (reports.length > 0) throw new StripeEventRejectedError(event.id, rejected);
            return { rejected };
          }
          reports.push(report);
        }
        const status = plan.kind === 'apply' ? 'applied' : 'ignored';
        const reason = plan.kind === 'ignore' ? plan.reason : undefined;
        // Claimed last: a concurrent delivery of the same event wrote the same idempotent records, and
        // whichever claims second reports a duplicate.
        const claimed = await trx
          .insertInto('stripe_events')
          .values({ id: event.id, type: event.type, received_at: now, outcome: status, detail: reason ?? null })
          .onConflict((oc) => oc.column('id').doNothing())
          .returning('id')
          .executeTakeFirst();
        if (!claimed) return { eventId: event.id, type: event.type, status: 'duplicate', reports: [] };
        return { eventId: event.id, type: event.type, status, ...(reason ? { reason } : {}), reports };
      },
    );
    // Also after a duplicate: a crash between an earlier commit and its relay left events pending.
    await this.deps.ingest.drainEvents();
    if ('rejected' in outcome) throw new StripeEventRejectedError(event.id, outcome.rejected);
    return outcome;
  }

  private verify(rawBody: string | Buffer, signatureHeader: string, secret: string): StripeEventEnvelope {
    let constructed: unknown;
    try {
      constructed = Stripe.webhooks.constructEvent(
        rawBody,
        signatureHeader,
        secret,
        this.deps.toleranceSeconds,
        undefined,
        this.deps.now(),
      );
    } catch (err) {
      if (err instanceof Stripe.errors.StripeSignatureVerificationError)
        throw new StripeSignatureError(firstLine(err.message));
      throw new StripeEventRejectedError(null, [
        { path: 'body', message: `not a JSON event: ${firstLine(err instanceof Error ? err.message : String(err))}` },
      ]);
    }
    const parsed = parseIssues(StripeEventSchema, constructed);
    if (!parsed.ok) throw new StripeEventRejectedError(null, parsed.issues);
    return parsed.value;
  }

  private async plan(trx: DbTransaction, event: StripeEventEnvelope): Promise<StripePlan | { rejected: FieldIssue[] }> {
    try {
      return await planStripeEvent(trx, this.deps.db.dialect, event);
    } catch (err) {
      if (err instanceof MappingRejection) return { rejected: err.issues };
      throw err;
    }
  }
}

function prefix(entity: string): (issue: FieldIssue) => FieldIssue {
  return (issue) => ({ path: `${entity}.${issue.path}`, message: issue.message });
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.trim();
}

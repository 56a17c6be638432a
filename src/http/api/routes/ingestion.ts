/**
 * Business data in: batches of records (JSON) or CSV files per entity, and Stripe's webhooks.
 * Everything goes through the domain's one ingestion path: per-record validation with field
 * paths, idempotent upserts by identity, domain events to the engine after the commit.
 */
import { z } from 'zod';
import { ENTITY_NAMES, type EntityName } from '../../../domain/index.ts';
import { NotConfiguredError } from '../../../lib/errors.ts';
import { RULES, publicAccess } from '../../shared/access-rules.ts';
import type { ApiRouter, Guarded } from '../../shared/router.ts';
import type { IngestionPort } from '../../shared/services.ts';
import { guardedRoute } from '../openapi.ts';
import { errorResponse, errorResponses, json } from '../schemas.ts';
import { parseOrThrow } from '../../shared/validation.ts';

/** Records per JSON batch; larger loads belong in CSV (streamed in batches) or several calls. */
const MAX_BATCH = 10_000;

const EntityParams = z.object({ entity: z.enum(ENTITY_NAMES as [EntityName, ...EntityName[]]) });
const Batch = z.strictObject({ records: z.array(z.unknown()).min(1).max(MAX_BATCH) });

const Issue = z.object({ path: z.string(), message: z.string() });
const BatchReportSchema = z
  .object({
    entity: z.string(),
    received: z.number().int(),
    accepted: z.number().int(),
    rejected: z.number().int(),
    written: z.number().int(),
    unchanged: z.number().int(),
    records: z.array(
      z.object({
        index: z.number().int(),
        key: z.string().nullable(),
        status: z.enum(['accepted', 'rejected']),
        issues: z.array(Issue).optional(),
      }),
    ),
  })
  .meta({ id: 'BatchReport' });
const CsvReportSchema = z
  .object({
    entity: z.string(),
    rows: z.number().int(),
    accepted: z.number().int(),
    rejected: z.number().int(),
    written: z.number().int(),
    unchanged: z.number().int(),
    errors: z.array(z.object({ line: z.number().int(), field: z.string(), reason: z.string() })),
    errorsOmitted: z.number().int(),
  })
  .meta({ id: 'CsvImportReport' });

const isCsv = (contentType: string | undefined): boolean => /^text\/csv\b/i.test(contentType ?? '');

export interface IngestionRouteDeps extends Guarded {
  ingestion: IngestionPort;
}

export function registerIngestionRoutes(api: ApiRouter, { guard, ingestion }: IngestionRouteDeps): void {
  api.openapi(
    guardedRoute(guard, RULES.ingest, {
      method: 'post',
      path: '/api/ingest/{entity}',
      operationId: 'ingestRecords',
      tags: ['ingestion'],
      summary: 'Ingest a batch of records, or a CSV file',
      description:
        '`application/json`: `{ records: [...] }` (at most 10,000). `text/csv`: a header row named like the JSON fields ' +
        '(camelCase or snake_case). Each record is validated on its own: bad ones are reported with field paths and ' +
        'skipped, good ones are upserted by their identity (sending the same record again changes nothing). The answer ' +
        'is 200 with a per-record report whenever the batch could be read.',
      request: {
        params: EntityParams,
        body: {
          required: false,
          content: { 'application/json': { schema: Batch }, 'text/csv': { schema: z.string() } },
        },
      },
      responses: {
        200: json(z.union([BatchReportSchema, CsvReportSchema]), 'what became of each record'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const { entity } = c.req.valid('param');
      if (isCsv(c.req.header('content-type'))) {
        return c.json(await ingestion.importCsv(entity, await c.req.text()), 200);
      }
      const { records } = parseOrThrow(Batch, c.req.valid('json'), 'batch', 'json');
      return c.json(await ingestion.ingest(entity, records), 200);
    },
  );

  api.openapi(
    guardedRoute(guard, publicAccess("Stripe's request signature, checked against the webhook secret"), {
      method: 'post',
      path: '/webhooks/stripe',
      operationId: 'receiveStripeWebhook',
      tags: ['ingestion'],
      summary: "Stripe's webhook endpoint",
      description:
        'Verifies `Stripe-Signature` over the raw body with `stripe.webhookSecret` (PSIZERO_STRIPE_WEBHOOK_SECRET), then maps ' +
        'invoices, charges and disputes onto the model in one transaction. A redelivered event is a no-op. A rejected ' +
        'event stores nothing and answers 400, so Stripe delivers it again later.',
      responses: {
        200: json(
          z.object({
            received: z.literal(true),
            eventId: z.string(),
            type: z.string(),
            status: z.enum(['applied', 'ignored', 'duplicate']),
            reason: z.string().optional(),
          }),
          'handled',
        ),
        400: errorResponse(
          'bad signature (STRIPE_SIGNATURE_INVALID) or an event that cannot be applied (STRIPE_EVENT_REJECTED)',
        ),
        404: errorResponse('Stripe webhooks are not configured'),
      },
    }),
    async (c) => {
      if (ingestion.stripeWebhook === null)
        throw new NotConfiguredError('NOT_FOUND', 'Stripe webhooks are not configured on this server');
      const result = await ingestion.stripeWebhook(await c.req.text(), c.req.header('stripe-signature') ?? '');
      const { eventId, type, status, reason } = result;
      return c.json(
        { received: true as const, eventId, type, status, ...(reason === undefined ? {} : { reason }) },
        200,
      );
    },
  );
}

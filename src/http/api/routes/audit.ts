/** The audit log: entries with filters, and verification of its hash chain. */
import { z } from 'zod';
import { RULES } from '../../shared/access-rules.ts';
import type { ApiRouter, Guarded } from '../../shared/router.ts';
import type { AuditPort } from '../../shared/services.ts';
import { guardedRoute } from '../openapi.ts';
import { AuditEntrySchema, errorResponses, json } from '../schemas.ts';

const ListQuery = z.strictObject({
  runId: z.string().min(1).max(200).optional(),
  approvalId: z.string().min(1).max(200).optional(),
  actionId: z.string().min(1).max(200).optional(),
  kind: z.string().min(1).max(100).optional(),
  actor: z.string().min(1).max(200).optional(),
  afterSeq: z.coerce
    .number()
    .int()
    .min(0)
    .optional()
    .meta({ description: 'entries after this seq, oldest first; without it, the latest entries' }),
  limit: z.coerce.number().int().min(1).max(1_000).default(100),
});

export const VerificationSchema = z
  .object({
    ok: z.boolean(),
    entries: z.number().int().optional().meta({ description: 'entries checked (ok)' }),
    head: z.object({ seq: z.number().int(), hash: z.string() }).optional(),
    seq: z.number().int().optional().meta({ description: 'the first bad entry (not ok)' }),
    problem: z.enum(['missing', 'edited', 'reordered', 'broken_link', 'head_mismatch', 'inserted']).optional(),
    message: z.string().optional(),
    entriesChecked: z.number().int().optional(),
  })
  .meta({ id: 'AuditVerification' });

export interface AuditRouteDeps extends Guarded {
  audit: AuditPort;
}

export function registerAuditRoutes(api: ApiRouter, { guard, audit }: AuditRouteDeps): void {
  api.openapi(
    guardedRoute(guard, RULES.auditRead, {
      method: 'get',
      path: '/api/audit',
      operationId: 'listAuditEntries',
      tags: ['audit'],
      summary: 'Audit entries, oldest first (the latest unless afterSeq is given)',
      request: { query: ListQuery },
      responses: { 200: json(z.object({ entries: z.array(AuditEntrySchema) }), 'entries'), ...errorResponses },
    }),
    async (c) => {
      const query = c.req.valid('query');
      const entries = await audit.list({ ...query, latest: query.afterSeq === undefined });
      return c.json({ entries }, 200);
    },
  );

  api.openapi(
    guardedRoute(guard, RULES.auditRead, {
      method: 'get',
      path: '/api/audit/verify',
      operationId: 'verifyAuditLog',
      tags: ['audit'],
      summary: 'Check the hash chain; report the first tampered entry',
      responses: {
        200: json(VerificationSchema, 'the verification result (ok: false names the first bad entry)'),
        ...errorResponses,
      },
    }),
    async (c) => c.json(await audit.verify(), 200),
  );
}

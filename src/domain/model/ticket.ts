import { z } from 'zod';
import { IdSchema, TimestampSchema } from './common.ts';

/**
 * The seed's support taxonomy. Technical also carries the seed's immediate-escalation reasons
 * (security concerns, data loss reports, service outage reports) as subcategories, so the triage
 * workflow can match a ticket against the policy's `support.escalation.immediateCategories`;
 * "general" is the seed's general inquiry branch, which names no subcategories of its own.
 */
export const TICKET_TAXONOMY = {
  technical: [
    'api_integration_issues',
    'authentication_problems',
    'rate_limiting_questions',
    'performance_concerns',
    'documentation_clarification',
    'security_concerns',
    'data_loss_reports',
    'service_outage_reports',
  ],
  billing: ['invoice_questions', 'payment_method_updates', 'usage_calculations', 'plan_changes', 'refund_requests'],
  feature: ['enhancement_requests', 'new_feature_inquiries', 'integration_requests'],
  general: ['account_questions', 'how_to_questions', 'other_inquiries'],
} as const;

export type TicketCategory = keyof typeof TICKET_TAXONOMY;
export const TICKET_CATEGORIES = Object.keys(TICKET_TAXONOMY) as TicketCategory[];
export const TICKET_SUBCATEGORIES = Object.values(TICKET_TAXONOMY).flat();
export type TicketSubcategory = (typeof TICKET_TAXONOMY)[TicketCategory][number];

export const TICKET_SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export const TICKET_CHANNELS = ['email', 'chat', 'web', 'slack', 'phone'] as const;
export const TICKET_STATUSES = ['new', 'open', 'pending', 'resolved', 'closed'] as const;

export const TicketInputSchema = z
  .strictObject({
    id: IdSchema,
    customerId: IdSchema,
    subject: z.string().trim().min(1).max(300),
    body: z.string().max(20_000).default(''),
    channel: z.enum(TICKET_CHANNELS),
    status: z.enum(TICKET_STATUSES),
    /** Null until triage has classified the ticket. */
    category: z.enum(TICKET_CATEGORIES as [TicketCategory, ...TicketCategory[]]).nullish(),
    subcategory: z.enum(TICKET_SUBCATEGORIES as [TicketSubcategory, ...TicketSubcategory[]]).nullish(),
    severity: z.enum(TICKET_SEVERITIES).nullish(),
    /** Post-resolution survey, 1 (very unhappy) to 5; the seed escalates scores below 3. */
    satisfactionScore: z.int().min(1).max(5).nullish(),
    createdAt: TimestampSchema,
    resolvedAt: TimestampSchema.nullish(),
  })
  .refine(
    (t) =>
      t.subcategory == null ||
      (t.category != null && (TICKET_TAXONOMY[t.category] as readonly string[]).includes(t.subcategory)),
    {
      path: ['subcategory'],
      message: 'does not belong to the category',
    },
  )
  .refine((t) => t.resolvedAt == null || t.resolvedAt >= t.createdAt, {
    path: ['resolvedAt'],
    message: 'cannot be before createdAt',
  });

export type TicketInput = z.input<typeof TicketInputSchema>;
export type TicketRecord = z.output<typeof TicketInputSchema>;

export interface Ticket {
  id: string;
  customerId: string;
  subject: string;
  body: string;
  channel: (typeof TICKET_CHANNELS)[number];
  status: (typeof TICKET_STATUSES)[number];
  category: TicketCategory | null;
  subcategory: TicketSubcategory | null;
  severity: (typeof TICKET_SEVERITIES)[number] | null;
  satisfactionScore: number | null;
  createdAt: number;
  resolvedAt: number | null;
  version: number;
  updatedAt: number;
}

export function ticketFields(r: TicketRecord): Omit<Ticket, 'version' | 'updatedAt'> {
  return {
    id: r.id,
    customerId: r.customerId,
    subject: r.subject,
    body: r.body,
    channel: r.channel,
    status: r.status,
    category: r.category ?? null,
    subcategory: r.subcategory ?? null,
    severity: r.severity ?? null,
    satisfactionScore: r.satisfactionScore ?? null,
    createdAt: r.createdAt,
    resolvedAt: r.resolvedAt ?? null,
  };
}

/**
 * Customers, invoices and tickets as the API returns them: the domain's records (read-only;
 * writes go through ingestion).
 */
import { z } from 'zod';
import {
  CUSTOMER_STATUSES,
  INVOICE_STATUSES,
  SEGMENTS,
  TICKET_SEVERITIES,
  TICKET_STATUSES,
} from '../../domain/index.ts';

/** Page size of the business lists. */
export const PageLimit = z.coerce.number().int().min(1).max(1_000).default(100);
export const RecordId = z.string().min(1).max(200);

export const CustomerSchema = z
  .looseObject({
    id: z.string(),
    name: z.string(),
    phone: z.string().nullable().meta({ description: 'E.164, for text messages' }),
    segment: z.enum(SEGMENTS),
    plan: z.string(),
    monthlyPriceCents: z.number().int(),
    status: z.enum(CUSTOMER_STATUSES),
    csmId: z.string().nullable(),
    signupDate: z.string(),
    updatedAt: z.number(),
  })
  .meta({ id: 'Customer' });

export const InvoiceSchema = z
  .looseObject({
    id: z.string(),
    customerId: z.string(),
    number: z.string().nullable(),
    currency: z.string(),
    status: z.enum(INVOICE_STATUSES),
    issuedOn: z.string(),
    dueOn: z.string(),
    totalCents: z.number().int(),
    amountPaidCents: z.number().int(),
    lines: z.array(z.looseObject({ description: z.string(), amountCents: z.number().int() })),
  })
  .meta({
    id: 'Invoice',
    description: 'lists return invoices without lines (`lines: []`); the invoice route has them',
  });

export const TicketSchema = z
  .looseObject({
    id: z.string(),
    customerId: z.string(),
    subject: z.string(),
    status: z.enum(TICKET_STATUSES),
    severity: z.enum(TICKET_SEVERITIES).nullable(),
    category: z.string().nullable(),
    createdAt: z.number(),
    resolvedAt: z.number().nullable(),
  })
  .meta({ id: 'Ticket' });

/** Said by every route a customer-success manager reaches through `customerScope`. */
export const scopedNote = 'A customer-success manager sees only the customers they manage (others are 404).';

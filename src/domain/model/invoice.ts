import { z } from 'zod';
import { CentsSchema, CurrencySchema, DaySchema, IdSchema, SignedCentsSchema, TimestampSchema } from './common.ts';

/** Stripe's invoice statuses, so Stripe invoices map one to one. */
export const INVOICE_STATUSES = ['draft', 'open', 'paid', 'uncollectible', 'void'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

export const LINE_KINDS = ['subscription', 'usage', 'one_off', 'adjustment', 'credit'] as const;

export const InvoiceLineSchema = z.strictObject({
  description: z.string().trim().min(1).max(500),
  kind: z.enum(LINE_KINDS),
  quantity: z.number().min(0).default(1),
  /** Price per unit in cents; may be fractional for metered prices (e.g. 0.05 cents per call). */
  unitAmountCents: z.number().nullish(),
  amountCents: SignedCentsSchema,
});

export const InvoiceInputSchema = z
  .strictObject({
    id: IdSchema,
    customerId: IdSchema,
    number: z.string().max(64).nullish(),
    currency: CurrencySchema,
    status: z.enum(INVOICE_STATUSES),
    periodStart: DaySchema,
    periodEnd: DaySchema,
    issuedOn: DaySchema,
    dueOn: DaySchema,
    lines: z.array(InvoiceLineSchema).min(1).max(500),
    /** When given it must equal the sum of the lines: the lines are the invoice. */
    totalCents: SignedCentsSchema.optional(),
    /** Defaults to the total for a paid invoice and to 0 otherwise. */
    amountPaidCents: CentsSchema.optional(),
    paidAt: TimestampSchema.nullish(),
  })
  .refine((i) => i.periodEnd >= i.periodStart, { path: ['periodEnd'], message: 'cannot be before periodStart' })
  .refine((i) => i.dueOn >= i.issuedOn, { path: ['dueOn'], message: 'cannot be before issuedOn' })
  .refine((i) => i.totalCents === undefined || i.totalCents === sumLines(i.lines), {
    path: ['totalCents'],
    message: 'must equal the sum of lines[].amountCents',
  });

export type InvoiceInput = z.input<typeof InvoiceInputSchema>;
export type InvoiceRecord = z.output<typeof InvoiceInputSchema>;
export type InvoiceLine = z.output<typeof InvoiceLineSchema>;

export interface Invoice {
  id: string;
  customerId: string;
  number: string | null;
  currency: string;
  status: InvoiceStatus;
  periodStart: string;
  periodEnd: string;
  issuedOn: string;
  dueOn: string;
  totalCents: number;
  amountPaidCents: number;
  paidAt: number | null;
  lines: InvoiceLine[];
  version: number;
  createdAt: number;
  updatedAt: number;
}

export function sumLines(lines: readonly { amountCents: number }[]): number {
  return lines.reduce((sum, l) => sum + l.amountCents, 0);
}

export function invoiceFields(r: InvoiceRecord): Omit<Invoice, 'version' | 'createdAt' | 'updatedAt'> {
  const total = sumLines(r.lines);
  return {
    id: r.id,
    customerId: r.customerId,
    number: r.number ?? null,
    currency: r.currency,
    status: r.status,
    periodStart: r.periodStart,
    periodEnd: r.periodEnd,
    issuedOn: r.issuedOn,
    dueOn: r.dueOn,
    totalCents: total,
    amountPaidCents: r.amountPaidCents ?? (r.status === 'paid' ? Math.max(total, 0) : 0),
    paidAt: r.paidAt ?? null,
    // Normalised to the stored shape, so a re-sent invoice compares equal to what was read back.
    lines: r.lines.map((l) => ({
      description: l.description,
      kind: l.kind,
      quantity: l.quantity,
      unitAmountCents: l.unitAmountCents ?? null,
      amountCents: l.amountCents,
    })),
  };
}

import { z } from 'zod';
import { CentsSchema, CurrencySchema, IdSchema, TimestampSchema } from './common.ts';
import { ADVICE_CODES, classifyDecline, type DeclineClassification } from './decline-codes.ts';

export const PAYMENT_STATUSES = ['succeeded', 'failed'] as const;

export const PaymentAttemptInputSchema = z
  .strictObject({
    id: IdSchema,
    /** Null for a charge that belongs to no invoice (a one-off payment). */
    invoiceId: IdSchema.nullish(),
    customerId: IdSchema,
    attemptedAt: TimestampSchema,
    amountCents: CentsSchema,
    currency: CurrencySchema,
    status: z.enum(PAYMENT_STATUSES),
    /** Stripe's `decline_code` (or `failure_code` when no decline code was given). */
    declineCode: z
      .string()
      .regex(/^[a-z][a-z0-9_]*$/, 'expected a Stripe decline code such as insufficient_funds')
      .max(64)
      .nullish(),
    /** Stripe's `outcome.advice_code`: its own retry signal, which wins over the decline-code table. */
    adviceCode: z.enum(ADVICE_CODES).nullish(),
    failureMessage: z.string().max(1000).nullish(),
    attemptNumber: z.int().min(1).default(1),
    disputed: z.boolean().default(false),
  })
  .refine((p) => p.status === 'failed' || (p.declineCode == null && p.adviceCode == null), {
    path: ['declineCode'],
    message: 'only a failed attempt has a decline',
  });

export type PaymentAttemptInput = z.input<typeof PaymentAttemptInputSchema>;
export type PaymentAttemptRecord = z.output<typeof PaymentAttemptInputSchema>;

export interface PaymentAttempt {
  id: string;
  invoiceId: string | null;
  customerId: string;
  attemptedAt: number;
  amountCents: number;
  currency: string;
  status: 'succeeded' | 'failed';
  declineCode: string | null;
  adviceCode: string | null;
  /** Derived: soft (retry on the recovery schedule) or hard (do not retry; escalate). Null on success. */
  declineType: DeclineClassification['type'] | null;
  advice: DeclineClassification['advice'] | null;
  failureMessage: string | null;
  attemptNumber: number;
  disputed: boolean;
  version: number;
  createdAt: number;
  updatedAt: number;
}

export function paymentFields(r: PaymentAttemptRecord): Omit<PaymentAttempt, 'version' | 'createdAt' | 'updatedAt'> {
  const decline =
    r.status === 'failed'
      ? classifyDecline({ declineCode: r.declineCode ?? null, adviceCode: r.adviceCode ?? null })
      : null;
  return {
    id: r.id,
    invoiceId: r.invoiceId ?? null,
    customerId: r.customerId,
    attemptedAt: r.attemptedAt,
    amountCents: r.amountCents,
    currency: r.currency,
    status: r.status,
    declineCode: r.declineCode ?? null,
    adviceCode: r.adviceCode ?? null,
    declineType: decline?.type ?? null,
    advice: decline?.advice ?? null,
    failureMessage: r.failureMessage ?? null,
    attemptNumber: r.attemptNumber,
    disputed: r.disputed,
  };
}

/**
 * The parts of Stripe's objects PsiZero reads, as loose zod schemas: unknown fields pass, fields
 * that moved between API versions (charge.invoice, invoice.charge) are optional, and what we rely on
 * is checked at the boundary instead of trusted from the SDK's types for one API version.
 */
import { z } from 'zod';

/** An id, or the expanded object carrying it. */
const Ref = z
  .union([z.string(), z.looseObject({ id: z.string() })])
  .nullish()
  .transform((v) => (v == null ? null : typeof v === 'string' ? v : v.id));

const Secs = z.int().nullish();

export const StripeEventSchema = z.looseObject({
  id: z.string().min(1),
  type: z.string().min(1),
  created: z.int(),
  api_version: z.string().nullish(),
  data: z.looseObject({ object: z.looseObject({}) }),
});
export type StripeEventEnvelope = z.infer<typeof StripeEventSchema>;

const InvoiceLine = z.looseObject({
  amount: z.int(),
  description: z.string().nullish(),
  quantity: z.number().nullish(),
  subscription: Ref,
  parent: z.looseObject({ type: z.string().nullish() }).nullish(),
  price: z.looseObject({ unit_amount: z.number().nullish() }).nullish(),
});

export const StripeInvoiceSchema = z.looseObject({
  id: z.string(),
  customer: Ref,
  number: z.string().nullish(),
  currency: z.string(),
  status: z.enum(['draft', 'open', 'paid', 'uncollectible', 'void']).nullish(),
  total: z.int().nullish(),
  amount_due: z.int().nullish(),
  amount_paid: z.int().nullish(),
  created: z.int(),
  period_start: Secs,
  period_end: Secs,
  due_date: Secs,
  attempt_count: z.int().nullish(),
  charge: Ref,
  status_transitions: z.looseObject({ finalized_at: Secs, paid_at: Secs }).nullish(),
  lines: z.looseObject({ data: z.array(InvoiceLine), has_more: z.boolean().nullish() }).nullish(),
});
export type StripeInvoice = z.infer<typeof StripeInvoiceSchema>;

export const StripeChargeSchema = z.looseObject({
  id: z.string(),
  amount: z.int(),
  currency: z.string(),
  customer: Ref,
  invoice: Ref,
  created: z.int(),
  status: z.string().nullish(),
  failure_code: z.string().nullish(),
  failure_message: z.string().nullish(),
  outcome: z
    .looseObject({ advice_code: z.string().nullish(), reason: z.string().nullish(), type: z.string().nullish() })
    .nullish(),
});
export type StripeCharge = z.infer<typeof StripeChargeSchema>;

export const StripePaymentIntentSchema = z.looseObject({
  id: z.string(),
  amount: z.int(),
  currency: z.string(),
  customer: Ref,
  invoice: Ref,
  latest_charge: Ref,
  last_payment_error: z
    .looseObject({
      code: z.string().nullish(),
      decline_code: z.string().nullish(),
      advice_code: z.string().nullish(),
      message: z.string().nullish(),
    })
    .nullish(),
});
export type StripePaymentIntent = z.infer<typeof StripePaymentIntentSchema>;

export const StripeDisputeSchema = z.looseObject({ id: z.string(), charge: Ref });

const SubscriptionItem = z.looseObject({
  quantity: z.number().nullish(),
  price: z.looseObject({
    id: z.string(),
    unit_amount: z.number().nullish(),
    lookup_key: z.string().nullish(),
    nickname: z.string().nullish(),
    recurring: z
      .looseObject({ interval: z.enum(['day', 'week', 'month', 'year']), interval_count: z.int().min(1).nullish() })
      .nullish(),
  }),
});

export const StripeSubscriptionSchema = z.looseObject({
  id: z.string(),
  customer: Ref,
  status: z.string(),
  trial_end: Secs,
  items: z.looseObject({ data: z.array(SubscriptionItem) }),
});
export type StripeSubscription = z.infer<typeof StripeSubscriptionSchema>;

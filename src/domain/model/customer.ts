import { z } from 'zod';
import { PhoneNumberSchema } from '../../lib/phone-number.ts';
import { CentsSchema, DaySchema, IdSchema, SlugSchema } from './common.ts';
import { classifySegment, type Segment } from './segments.ts';

/** Lifecycle: a trial converts (active) or lapses (trial_expired); payment trouble moves an account to past_due, then suspended. */
export const CUSTOMER_STATUSES = ['trial', 'active', 'past_due', 'suspended', 'churned', 'trial_expired'] as const;
export type CustomerStatus = (typeof CUSTOMER_STATUSES)[number];

/** The seed's onboarding "use_case: api_category_interest". */
export const USE_CASES = ['payments', 'messaging', 'data_enrichment', 'analytics', 'ai', 'maps', 'other'] as const;

export const CustomerInputSchema = z
  .strictObject({
    id: IdSchema,
    name: z.string().trim().min(1).max(200),
    email: z.email().max(320).nullish(),
    /** For text messages (the final notice); stored in E.164, written with or without spaces and dashes. */
    phone: PhoneNumberSchema.nullish(),
    plan: SlugSchema,
    monthlyPriceCents: CentsSchema,
    employeeCount: z.int().min(1).max(10_000_000),
    developerTeamSize: z.int().min(0).max(10_000_000),
    useCase: z.enum(USE_CASES).nullish(),
    /** Person id from the policy directory holding the customer_success_manager role. */
    csmId: SlugSchema.nullish(),
    signupDate: DaySchema,
    status: z.enum(CUSTOMER_STATUSES),
    trialEndsOn: DaySchema.nullish(),
    stripeCustomerId: z
      .string()
      .regex(/^cus_[A-Za-z0-9]+$/, 'expected a Stripe customer id (cus_…)')
      .nullish(),
  })
  .refine((c) => c.developerTeamSize <= c.employeeCount, {
    path: ['developerTeamSize'],
    message: 'cannot exceed employeeCount',
  })
  .refine((c) => c.trialEndsOn == null || c.trialEndsOn >= c.signupDate, {
    path: ['trialEndsOn'],
    message: 'cannot be before signupDate',
  });

export type CustomerInput = z.input<typeof CustomerInputSchema>;
export type CustomerRecord = z.output<typeof CustomerInputSchema>;

/** A stored customer: the input plus what PsiZero derives and tracks. */
export interface Customer {
  id: string;
  name: string;
  email: string | null;
  /** E.164. */
  phone: string | null;
  segment: Segment;
  plan: string;
  monthlyPriceCents: number;
  employeeCount: number;
  developerTeamSize: number;
  useCase: string | null;
  csmId: string | null;
  signupDate: string;
  status: CustomerStatus;
  trialEndsOn: string | null;
  stripeCustomerId: string | null;
  version: number;
  createdAt: number;
  updatedAt: number;
}

/** Everything but bookkeeping, with the segment derived from the record (never taken from the caller). */
export function customerFields(r: CustomerRecord): Omit<Customer, 'version' | 'createdAt' | 'updatedAt'> {
  return {
    id: r.id,
    name: r.name,
    email: r.email ?? null,
    phone: r.phone ?? null,
    segment: classifySegment(r),
    plan: r.plan,
    monthlyPriceCents: r.monthlyPriceCents,
    employeeCount: r.employeeCount,
    developerTeamSize: r.developerTeamSize,
    useCase: r.useCase ?? null,
    csmId: r.csmId ?? null,
    signupDate: r.signupDate,
    status: r.status,
    trialEndsOn: r.trialEndsOn ?? null,
    stripeCustomerId: r.stripeCustomerId ?? null,
  };
}

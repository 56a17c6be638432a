/**
 * Field schemas shared by every entity. Money is integer cents, instants are epoch milliseconds
 * (ISO-8601 with an offset is accepted too), days are ISO calendar days.
 */
import { z } from 'zod';

/** The caller's id for a record: what makes a batch idempotent (re-sending upserts). */
export const IdSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.:#-]*$/, 'expected an id of letters, digits and . _ : # -');

export const DaySchema = z.iso.date({ error: 'expected a day as YYYY-MM-DD' });

/** Non-negative whole cents. */
export const CentsSchema = z.int().min(0);

/** Whole cents that may be negative (credits, refunds, adjustments). */
export const SignedCentsSchema = z.int();

export const CountSchema = z.int().min(0);

export const CurrencySchema = z
  .string()
  .regex(/^[a-z]{3}$/, 'expected a lower-case ISO currency code such as usd')
  .default('usd');

/** Epoch milliseconds, or an ISO-8601 timestamp with an offset (e.g. 2025-01-15T08:00:00Z). */
export const TimestampSchema = z
  .union([
    z.int().min(0),
    z.iso.datetime({ offset: true, error: 'expected epoch milliseconds or an ISO-8601 timestamp' }),
  ])
  .transform((v) => (typeof v === 'number' ? v : Date.parse(v)));

/** A lower-case machine name: service names, plans, subcategories. */
export const SlugSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9_-]*$/, 'expected lower-case letters, digits, _ or -');

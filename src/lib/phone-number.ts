/**
 * Phone numbers in E.164, the form SMS providers take (`+` country code and number, at most 15
 * digits, e.g. +14155550123). Customers' numbers and the SMS sender's own number are checked here.
 */
import { z } from 'zod';

export const E164_PATTERN = /^\+[1-9]\d{1,14}$/;

/** `+1 (415) 555-0123` → `+14155550123`: the spaces, dots, dashes and brackets people write are dropped. */
export function compactPhoneNumber(text: string): string {
  return text.trim().replace(/[\s().-]/g, '');
}

/** A phone number as people write it, stored in E.164. */
export const PhoneNumberSchema = z
  .string()
  .max(40)
  .transform(compactPhoneNumber)
  .pipe(z.string().regex(E164_PATTERN, 'expected a phone number in E.164 form, e.g. +14155550123'));

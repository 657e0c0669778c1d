import { z } from 'zod';

/**
 * Money at the API is a decimal string with two places ("1234.50"); inside,
 * amounts are integer cents so sums never touch binary floats.
 */
const DECIMAL = /^(-)?(\d{1,13})(?:\.(\d{1,2}))?$/;

export function toCents(decimal: string): number {
  const m = DECIMAL.exec(decimal);
  if (!m) throw new RangeError(`not a decimal amount: "${decimal}"`);
  const cents = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  return m[1] && cents !== 0 ? -cents : cents;
}

export function fromCents(cents: number): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`not integer cents: ${cents}`);
  const abs = Math.abs(cents);
  return `${cents < 0 ? '-' : ''}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

export const sumCents = (decimals: readonly string[]): number => decimals.reduce((t, d) => t + toCents(d), 0);

/**
 * A money field: a decimal string with at most two places, or a JSON number with
 * at most two places (accepted for convenience); always normalised to "0.00" form.
 */
export const moneySchema = z
  .union([z.string(), z.number()])
  .refine((v) => DECIMAL.test(typeof v === 'number' ? String(v) : v), {
    message: 'must be a decimal amount with at most 2 decimal places, e.g. "1234.50"',
  })
  .transform((v) => fromCents(toCents(typeof v === 'number' ? String(v) : v)));

/** Integer minor units (ERP). */
export const minorSchema = z.number().int('must be an integer amount in minor units');

export const currencySchema = z
  .string()
  .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 currency code (3 upper-case letters)');

/** YYYY-MM-DD calendar date. */
export const dateSchema = z.iso.date();

import { describe, expect, it } from 'vitest';
import { fromCents, moneySchema, sumCents, toCents } from './money.ts';

describe('money', () => {
  it('converts decimal strings to integer cents and back', () => {
    expect(toCents('1234.5')).toBe(123450);
    expect(toCents('-0.07')).toBe(-7);
    expect(fromCents(123450)).toBe('1234.50');
    expect(fromCents(-7)).toBe('-0.07');
    expect(fromCents(sumCents(['0.10', '0.20']))).toBe('0.30');
  });
  it('normalises API input and rejects more than two places', () => {
    expect(moneySchema.parse('12')).toBe('12.00');
    expect(moneySchema.parse(99.5)).toBe('99.50');
    expect(moneySchema.safeParse('1.005').success).toBe(false);
    expect(moneySchema.safeParse('abc').success).toBe(false);
  });
});

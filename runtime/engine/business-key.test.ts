import { describe, expect, it } from 'vitest';
import { businessKeyFrom } from './business-key.ts';

describe('the business key an evaluated expression gives', () => {
  it('keeps a text as it is and a number as text', () => {
    expect(businessKeyFrom('INV-1042')).toEqual({ key: 'INV-1042', error: null });
    expect(businessKeyFrom(' spaced ')).toEqual({ key: ' spaced ', error: null });
    expect(businessKeyFrom(1042)).toEqual({ key: '1042', error: null });
    expect(businessKeyFrom(0.5)).toEqual({ key: '0.5', error: null });
    expect(businessKeyFrom('x'.repeat(200)).key).toHaveLength(200);
  });

  it('gives no key, and says why, for anything else', () => {
    const why = (v: unknown) => {
      const r = businessKeyFrom(v);
      expect(r.key).toBeNull();
      return r.error;
    };
    expect(why(undefined)).toBe('the businessKey expression gave no value (nothing at that path, or null)');
    expect(why(null)).toBe('the businessKey expression gave no value (nothing at that path, or null)');
    expect(why('')).toBe('the businessKey expression gave an empty text');
    expect(why('x'.repeat(201))).toBe('the businessKey expression gave a text of 201 characters (at most 200)');
    expect(why(Number.NaN)).toBe('the businessKey expression gave NaN');
    expect(why(true)).toBe('the businessKey expression gave a boolean, not a text or a number');
    expect(why(['a'])).toBe('the businessKey expression gave an array, not a text or a number');
    expect(why({ id: 1 })).toBe('the businessKey expression gave an object, not a text or a number');
  });
});

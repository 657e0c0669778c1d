import { describe, expect, it } from 'vitest';
import { customRangeError, MAX_CUSTOM_MS, rangeQuery, rangeSearch, readRange } from './range.ts';

const params = (s: string) => new URLSearchParams(s);
const FROM = Date.UTC(2026, 0, 5, 9, 30);
const TO = Date.UTC(2026, 0, 6, 9, 30);

describe('the dashboard range in the address', () => {
  it('reads a named range, and the last 24 hours for none or an unknown one', () => {
    expect(readRange(params('range=1h'))).toEqual({ range: '1h' });
    expect(readRange(params('range=7d'))).toEqual({ range: '7d' });
    expect(readRange(params(''))).toEqual({ range: '24h' });
    expect(readRange(params('range=3y'))).toEqual({ range: '24h' });
  });

  it('reads a custom range in ISO 8601 or ms, and falls back when from or to is missing or unreadable', () => {
    expect(readRange(params('range=custom&from=2026-01-05T09:30:00.000Z&to=2026-01-06T09:30:00.000Z'))).toEqual({
      range: 'custom',
      from: FROM,
      to: TO,
    });
    expect(readRange(params(`range=custom&from=${FROM}&to=${TO}`))).toEqual({ range: 'custom', from: FROM, to: TO });
    expect(readRange(params(`range=custom&from=${FROM}`))).toEqual({ range: '24h' });
    expect(readRange(params(`range=custom&from=yesterday&to=${TO}`))).toEqual({ range: '24h' });
  });

  it('writes a custom range as UTC instants that read back the same, and asks the API in ms', () => {
    const custom = { range: 'custom', from: FROM, to: TO } as const;
    expect(rangeSearch(custom)).toBe('range=custom&from=2026-01-05T09%3A30%3A00.000Z&to=2026-01-06T09%3A30%3A00.000Z');
    expect(readRange(params(rangeSearch(custom)))).toEqual(custom);
    expect(rangeSearch({ range: '7d' })).toBe('range=7d');
    expect(rangeQuery(custom)).toBe(`range=custom&from=${FROM}&to=${TO}`);
    expect(rangeQuery({ range: '1h' })).toBe('range=1h');
  });
});

describe('checking a custom range in the form', () => {
  it('names the field that is wrong and why', () => {
    expect(customRangeError(null, TO)).toEqual({ field: 'from', message: expect.stringMatching(/starts/) });
    expect(customRangeError(FROM, null)).toEqual({ field: 'to', message: expect.stringMatching(/ends/) });
    expect(customRangeError(TO, FROM)?.message).toBe('The end must be after the start.');
    expect(customRangeError(FROM, FROM)?.message).toBe('The end must be after the start.');
    expect(customRangeError(FROM, FROM + MAX_CUSTOM_MS + 60_000)?.message).toBe('A custom range spans a year at most.');
  });

  it('takes a range up to a year long', () => {
    expect(customRangeError(FROM, TO)).toBeNull();
    expect(customRangeError(FROM, FROM + MAX_CUSTOM_MS)).toBeNull();
  });
});

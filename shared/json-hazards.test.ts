import { describe, it, expect } from 'vitest';
import {
  losesPrecision,
  mayLosePrecision,
  findLossyNumber,
  pathDeeperThan,
  mayNestDeeperThan,
  formatPath,
} from './json-hazards.ts';
import { seededRandom } from '../test/support/seeded-random.ts';

describe('losesPrecision', () => {
  it('tells numbers JSON.parse keeps from numbers it changes', () => {
    for (const kept of [
      '0',
      '-0',
      '1',
      '9007199254740991',
      '-9007199254740991',
      '0.1',
      '1.5e300',
      '123.4500000000000000000',
      '1E2',
      '100000000000000000000.0',
      '5e-324',
    ])
      expect(losesPrecision(kept), kept).toBe(false);
    for (const lost of [
      '9007199254740992',
      '9007199254740993',
      '12345678901234567890',
      '0.12345678901234567891',
      '1e400',
      '-1e400',
      '1e-400',
      '0.30000000000000000001',
      '9007199254740993.0',
    ])
      expect(losesPrecision(lost), lost).toBe(true);
  });
});

describe('mayLosePrecision', () => {
  const random = seededRandom(7);
  const digits = (k: number) => Array.from({ length: k }, () => Math.floor(random() * 10)).join('');
  const token = () => {
    const sign = random() < 0.3 ? '-' : '';
    const int = digits(1 + Math.floor(random() * 22)).replace(/^0+(?=\d)/, '');
    const frac = random() < 0.5 ? `.${digits(1 + Math.floor(random() * 20))}` : '';
    const exp = random() < 0.3 ? `e${random() < 0.5 ? '-' : '+'}${Math.floor(random() * 420)}` : '';
    return sign + int + frac + exp;
  };

  it('never rules out a number that loses precision (20,000 random numbers in JSON)', () => {
    for (let i = 0; i < 20_000; i++) {
      const t = token();
      const text = `{"pad":"${'x'.repeat(i % 7)}","v":[${t}]}`;
      if (losesPrecision(t)) expect(mayLosePrecision(text), t).toBe(true);
      expect(findLossyNumber(text)?.number ?? null, t).toBe(losesPrecision(t) ? t : null);
    }
  });

  it('rules out ordinary payloads, dates and short numbers', () => {
    expect(mayLosePrecision('{"at":"2024-05-17T10:00:00.000Z","qty":10,"rate":1200.5,"id":"OPP-123456789012"}')).toBe(
      false,
    );
  });
});

describe('findLossyNumber', () => {
  it('names the path through objects, arrays and escaped keys, and skips strings', () => {
    expect(findLossyNumber('{"a":"12345678901234567890","b":[1,{"c\\"d":[0,12345678901234567890]}]}')).toEqual({
      path: ['b', 1, 'c"d', 1],
      number: '12345678901234567890',
    });
    expect(findLossyNumber('{"n":"\\\\","m":1e999}')).toEqual({ path: ['m'], number: '1e999' });
    expect(findLossyNumber('12345678901234567890')).toEqual({ path: [], number: '12345678901234567890' });
  });
});

describe('nesting depth', () => {
  const nest = (k: number): unknown => (k === 1 ? [] : { a: nest(k - 1) });

  it('finds the first container past the limit', () => {
    expect(pathDeeperThan(nest(3), 3)).toBeNull();
    expect(pathDeeperThan(nest(4), 3)).toEqual(['a', 'a', 'a']);
    expect(pathDeeperThan({ ok: [1, 2], deep: [[[[]]]] }, 3)).toEqual(['deep', 0, 0]);
    expect(pathDeeperThan('text', 0)).toBeNull();
  });

  it('rules out texts with few opening brackets', () => {
    expect(mayNestDeeperThan('[[[]]]', 3)).toBe(false);
    expect(mayNestDeeperThan('{"a":[{}],"b":"[[[["}', 3)).toBe(true);
  });
});

describe('formatPath', () => {
  it('writes plain keys with dots and others in brackets', () => {
    expect(formatPath(['order', 'lines', 2, 'amount'])).toBe('$.order.lines[2].amount');
    expect(formatPath(['odd key', '__proto__', '1x'])).toBe('$["odd key"].__proto__["1x"]');
  });
});

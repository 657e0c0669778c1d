import { describe, expect, it } from 'vitest';
import { expandJsonStrings } from './json-strings.ts';

describe('JSON inside strings, for display', () => {
  it('shows a string holding JSON as the structure it encodes, at any depth', () => {
    const error = {
      code: 'http_client_error',
      details: { body: '{"error":{"message":"no such customer","fields":["taxRegion"]}}' },
    };
    expect(expandJsonStrings(error)).toEqual({
      code: 'http_client_error',
      details: { body: { error: { message: 'no such customer', fields: ['taxRegion'] } } },
    });
    expect(expandJsonStrings(['[1,2]', '"quoted"'])).toEqual([[1, 2], '"quoted"']);
  });

  it('leaves other strings alone, broken JSON included, and keeps "__proto__" a plain key', () => {
    expect(expandJsonStrings({ a: '{not json}', b: 'plain', c: '{}x' })).toEqual({
      a: '{not json}',
      b: 'plain',
      c: '{}x',
    });
    const out = expandJsonStrings('{"__proto__":{"polluted":true}}') as Record<string, unknown>;
    expect(Object.keys(out)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

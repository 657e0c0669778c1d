import { describe, expect, it } from 'vitest';
import { MAX_TARGET_FIELDS, mappingFindings, parse, targetFields } from './index.ts';
import { canonicalResolver } from './canonical-target.ts';

describe('schemas and expressions the mapper must survive', () => {
  it('a schema that refers to itself yields a bounded number of fields', () => {
    const properties = Object.fromEntries([...'abcdefghijklmnopqrstuvwxyz'].map((k) => [k, { $ref: '#' }]));
    const schema = { type: 'object', required: ['a'], properties };
    const count = (fs: ReturnType<typeof targetFields>): number =>
      fs.reduce((n, f) => n + 1 + count(f.children ?? []), 0);
    const started = Date.now();
    expect(count(targetFields(schema, () => undefined))).toBe(MAX_TARGET_FIELDS);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('property schemas that are not objects are left out, not thrown over', () => {
    const schema = { type: 'object', required: 'id', properties: { id: null, n: 5, ok: { type: 'string' } } };
    expect(targetFields(schema, () => undefined).map((f) => f.key)).toEqual(['ok']);
    expect(targetFields({ properties: [1, 2] }, () => undefined)).toEqual([]);
    expect(mappingFindings("{ 'x': a }", { properties: null }, canonicalResolver)).toHaveLength(1);
  });

  it('a deeply nested expression is answered, never thrown', () => {
    const deep = "{ 'a': ".repeat(3000) + '1' + ' }'.repeat(3000);
    expect(() => parse(deep)).not.toThrow();
  });
});

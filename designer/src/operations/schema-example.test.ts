import { describe, expect, it } from 'vitest';
import { exampleOf, type Schema } from './schema-example.ts';

describe('exampleOf', () => {
  it('makes a value of the described shape, with the schema’s own examples where it gives them', () => {
    const project: Schema = {
      type: 'object',
      properties: {
        code: { type: 'string', example: 'P-1001' },
        status: { type: 'string', enum: ['open', 'closed'] },
        budget: { type: 'number' },
        start: { type: 'string', format: 'date' },
        lines: { type: 'array', items: { type: 'object', properties: { hours: { type: 'integer' } } } },
        owner: {
          oneOf: [{ type: 'object', properties: { email: { type: 'string', format: 'email' } } }, { type: 'null' }],
        },
        note: { type: ['string', 'null'] },
      },
    };
    expect(exampleOf(project)).toEqual({
      code: 'P-1001',
      status: 'open',
      budget: 0,
      start: '2026-01-31',
      lines: [{ hours: 0 }],
      owner: { email: 'name@example.com' },
      note: 'text',
    });
  });

  it('merges allOf parts and stops at a depth where a schema refers to itself', () => {
    expect(
      exampleOf({
        allOf: [{ type: 'object', properties: { a: { type: 'boolean' } } }, { properties: { b: { const: 2 } } }],
      }),
    ).toEqual({ a: false, b: 2 });
    const tree: Schema = { type: 'object', properties: {} };
    tree.properties!.child = tree;
    let v = exampleOf(tree) as Record<string, unknown> | null;
    let depth = 0;
    while (v && typeof v === 'object') {
      v = v.child as Record<string, unknown> | null;
      depth++;
    }
    expect(depth).toBe(9);
  });
});

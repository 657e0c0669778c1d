import { describe, it, expect } from 'vitest';
import { fieldPaths, pathSegment, segmentKey, splitPath } from './field-paths.ts';

describe('fieldPaths', () => {
  it('has no paths for missing and scalar samples', () => {
    for (const sample of [undefined, null, 0, 42, '', 'text', true, []]) expect(fieldPaths(sample)).toEqual([]);
  });

  it('lists nested fields, shallow paths first', () => {
    const sample = { customer: { name: 'Ada', address: { city: 'Paris' } }, total: 12, note: null };
    expect(fieldPaths(sample)).toEqual([
      'customer',
      'total',
      'note',
      'customer.name',
      'customer.address',
      'customer.address.city',
    ]);
  });

  it('looks through arrays of objects without an index and merges their fields', () => {
    const sample = {
      lines: [
        { amount: 1, sku: 'a' },
        { amount: 2, discount: 0.1 },
      ],
    };
    expect(fieldPaths(sample)).toEqual(['lines', 'lines.amount', 'lines.sku', 'lines.discount']);
  });

  it('looks through a top-level array and nested arrays', () => {
    expect(fieldPaths([{ id: 1 }, { name: 'x' }])).toEqual(['id', 'name']);
    expect(fieldPaths({ matrix: [[{ v: 1 }], [{ w: 2 }]] })).toEqual(['matrix', 'matrix.v', 'matrix.w']);
  });

  it('keeps no path for arrays of scalars beyond the array itself', () => {
    expect(fieldPaths({ tags: ['a', 'b'], empty: [] })).toEqual(['tags', 'empty']);
  });

  it('quotes keys that are not plain names', () => {
    const sample = {
      'first name': 1,
      'e-mail': 2,
      '1st': 3,
      $meta: 4,
      null: 5,
      größe: 6,
      _id: 7,
      nested: { 'a.b': 8 },
    };
    expect(fieldPaths(sample)).toEqual([
      '`first name`',
      '`e-mail`',
      '`1st`',
      '`$meta`',
      '`null`',
      'größe',
      '_id',
      'nested',
      'nested.`a.b`',
    ]);
  });

  it('leaves out keys JSONata cannot name in a path', () => {
    expect(fieldPaths({ 'a`b': 1, ok: 2 })).toEqual(['ok']);
  });

  it('stops at the depth cap', () => {
    const sample = { a: { b: { c: { d: 1 } } } };
    expect(fieldPaths(sample, 2)).toEqual(['a', 'a.b']);
    expect(fieldPaths(sample, 0)).toEqual([]);
  });

  it('stops at the path cap, keeping shallow paths', () => {
    const sample = { deep: { x: { y: 1 } }, ...Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`k${i}`, i])) };
    const paths = fieldPaths(sample, 5, 5);
    expect(paths).toEqual(['deep', 'k0', 'k1', 'k2', 'k3']);
    expect(fieldPaths(sample).length).toBe(13);
  });

  it('copes with large and self-referencing samples', () => {
    const big = { rows: Array.from({ length: 10_000 }, (_, i) => ({ [`f${i % 50}`]: i })) };
    expect(fieldPaths(big).length).toBeLessThanOrEqual(1 + 20);
    const loop: Record<string, unknown> = { name: 'x' };
    loop.self = loop;
    expect(fieldPaths(loop, 3)).toEqual(['name', 'self', 'self.name', 'self.self', 'self.self.name', 'self.self.self']);
  });
});

describe('path helpers', () => {
  it('quotes and unquotes steps', () => {
    expect(pathSegment('amount')).toBe('amount');
    expect(pathSegment('two words')).toBe('`two words`');
    expect(segmentKey('`two words`')).toBe('two words');
    expect(segmentKey('amount')).toBe('amount');
  });

  it('splits paths outside backticks only', () => {
    expect(splitPath('a.`b.c`.d')).toEqual(['a', '`b.c`', 'd']);
    expect(splitPath('a.')).toEqual(['a', '']);
    expect(splitPath('')).toEqual(['']);
  });
});

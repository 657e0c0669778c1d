import { describe, expect, it } from 'vitest';
import { sourceTree } from './source-tree.ts';
import { dropSource, literalFor, ruleSummary, withKind } from './rules.ts';
import { listToMapFirst, targetRows } from './target-rows.ts';
import { generate, parse, ruleAt, type Mapping } from '../../../shared/mapping/index.ts';

const sample = {
  eventId: 'evt-1',
  timeEntry: { id: 'TE-1', hours: 7.5, date: '2026-12-03', 'first name': 'Ana', 'a`b': 1 },
  lines: [
    { sku: 'A', amount: 1 },
    { sku: 'B', tax: { rate: 0.2 } },
  ],
  tags: ['x'],
};

describe('source tree', () => {
  it('lists fields with their types and an example, looking through lists and merging their items', () => {
    const tree = sourceTree(sample);
    expect(tree.map((n) => [n.key, n.type])).toEqual([
      ['eventId', 'string'],
      ['timeEntry', 'object'],
      ['lines', 'list'],
      ['tags', 'list'],
    ]);
    const entry = tree[1].children;
    expect(entry.map((n) => n.key)).toEqual(['id', 'hours', 'date', 'first name']);
    expect(entry[1]).toMatchObject({ path: ['timeEntry', 'hours'], type: 'number', example: '7.5' });
    expect(tree[2].children.map((n) => n.path.join('.'))).toEqual(['lines.sku', 'lines.amount', 'lines.tax']);
    expect(tree[2].children[2].children[0].path).toEqual(['lines', 'tax', 'rate']);
    expect(tree[3].children).toEqual([]);
  });
});

describe('dropping a source field on a target field', () => {
  const scalar = (path: string[], type = 'string') => ({ path, type, listOfObjects: false });

  it('copies a field, and keeps a function when its source is replaced', () => {
    let m: Mapping = { fields: [] };
    m = dropSource(m, scalar(['date']), ['timeEntry', 'date'], false);
    expect(generate(m)).toBe("{\n  'date': timeEntry.date\n}");
    m = { fields: [{ target: 'date', rule: withKind(ruleAt(m, ['date']), 'formatDate', scalar(['date']))! }] };
    m = dropSource(m, scalar(['date']), ['eventId'], false);
    expect(ruleAt(m, ['date'])).toMatchObject({ kind: 'formatDate', source: { steps: ['eventId'] } });
  });

  it('adds to a concatenation', () => {
    let m: Mapping = {
      fields: [{ target: 'n', rule: { kind: 'concat', parts: [{ source: { steps: ['a'] } }, { literal: ' ' }] } }],
    };
    m = dropSource(m, scalar(['n']), ['b'], false);
    expect(generate(m)).toContain("'n': a & ' ' & b");
  });

  it('maps a list onto a list item by item, with the item fields relative to the item', () => {
    let m: Mapping = { fields: [] };
    const lines = { path: ['lines'], type: 'array', listOfObjects: true };
    m = dropSource(m, lines, ['lines'], true);
    m = dropSource(m, scalar(['lines', 'code']), ['lines', 'sku'], false);
    m = dropSource(m, scalar(['lines', 'event']), ['eventId'], false);
    expect(generate(m)).toBe("{\n  'lines': [lines.{\n    'code': sku,\n    'event': $$.eventId\n  }]\n}");
    expect(parse(generate(m))).toEqual(m);
  });
});

describe('function picker', () => {
  const t = { path: ['x'], type: 'number', listOfObjects: false };
  const copy = { kind: 'copy' as const, source: { steps: ['amount'] } };

  it('keeps the source when the function changes', () => {
    expect(withKind(copy, 'roundMoney', t)).toEqual({ kind: 'roundMoney', source: { steps: ['amount'] }, decimals: 2 });
    expect(withKind(copy, 'sum', t)).toEqual({ kind: 'sum', source: { steps: ['amount'] } });
    expect(withKind(copy, 'condition', t)).toMatchObject({ test: { source: { steps: ['amount'] } } });
    expect(withKind(undefined, 'constant', t)).toEqual({ kind: 'constant', value: '' });
    expect(withKind(undefined, 'lookup', t)).toBeUndefined();
  });

  it('reads a typed value as the target type wants it', () => {
    expect(literalFor('12', 'number')).toBe(12);
    expect(literalFor('12', 'string')).toBe('12');
    expect(literalFor('true', 'boolean')).toBe(true);
    expect(literalFor('null', '')).toBeNull();
  });

  it('summarises a rule as its JSONata', () => {
    expect(ruleSummary({ kind: 'default', source: { steps: ['a'] }, value: 'x' })).toBe("a ?? 'x'");
    expect(ruleSummary({ kind: 'list', source: { steps: ['lines'] }, fields: [] })).toBe('each item of lines');
  });
});

describe('target rows', () => {
  it('shows the lines of a mapping that the schema does not name', () => {
    const m = parse("{ 'id': id, 'extra': { 'a': b } }") as Mapping;
    const rows = targetRows([{ key: 'id', path: ['id'], required: true, type: 'string' }], m);
    expect(rows.map((r) => [r.key, !!r.extra])).toEqual([
      ['id', false],
      ['extra', true],
    ]);
    expect(rows[1].children?.[0]).toMatchObject({ key: 'a', path: ['extra', 'a'], extra: true });
  });
});

describe('a list item field before its list', () => {
  const rows = targetRows(
    [
      {
        key: 'lines',
        path: ['lines'],
        required: true,
        type: 'array',
        children: [{ key: 'sku', path: ['lines', 'sku'], required: true, type: 'string' }],
      },
      {
        key: 'budget',
        path: ['budget'],
        required: false,
        type: 'object',
        children: [{ key: 'amount', path: ['budget', 'amount'], required: false, type: 'string' }],
      },
    ],
    { fields: [] },
  );

  it('names the list to map first, and nothing once the list is mapped or outside lists', () => {
    expect(listToMapFirst({ fields: [] }, rows, ['lines', 'sku'])).toEqual(['lines']);
    const listed: Mapping = {
      fields: [{ target: 'lines', rule: { kind: 'list', source: { steps: ['items'] }, fields: [] } }],
    };
    expect(listToMapFirst(listed, rows, ['lines', 'sku'])).toBeNull();
    expect(listToMapFirst({ fields: [] }, rows, ['budget', 'amount'])).toBeNull();
    expect(listToMapFirst({ fields: [] }, rows, ['lines'])).toBeNull();
  });
});

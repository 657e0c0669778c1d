import { describe, expect, it } from 'vitest';
import jsonata from 'jsonata';
import { generate, parse, type Mapping } from './index.ts';

const input = {
  id: 'TE-1',
  hours: 7.5,
  rate: '120.456',
  date: '2026-12-03',
  dmy: '03/12/2026',
  first: 'Ana',
  last: 'Torres',
  status: 'approved',
  region: 'EMEA',
  notes: null,
  billable: true,
  'first name': 'Ana',
  customer: { name: 'Acme', address: { city: 'Lyon', country: 'FR' } },
  lines: [
    { sku: 'A', amount: 10.5, qty: 2 },
    { sku: 'B', amount: 4.5, qty: 1 },
  ],
  single: [{ sku: 'C', amount: 1 }],
  batches: [{ code: 'B1', items: [{ n: 1 }, { n: 2 }] }],
};

const src = (...steps: string[]) => ({ steps });
const copy = (...steps: string[]) => ({ kind: 'copy' as const, source: src(...steps) });

/** A mapping, and what its generated JSONata yields for `input`. */
const cases: [string, Mapping, unknown][] = [
  ['empty', { fields: [] }, {}],
  ['one field', { fields: [{ target: 'id', rule: copy('id') }] }, { id: 'TE-1' }],
  ['renamed field', { fields: [{ target: 'description', rule: copy('notes') }] }, { description: null }],
  ['nested source', { fields: [{ target: 'city', rule: copy('customer', 'address', 'city') }] }, { city: 'Lyon' }],
  ['quoted source key', { fields: [{ target: 'name', rule: copy('first name') }] }, { name: 'Ana' }],
  ['target key with spaces', { fields: [{ target: 'first name', rule: copy('first') }] }, { 'first name': 'Ana' }],
  ['target key with a quote', { fields: [{ target: "O'Neil", rule: copy('last') }] }, { "O'Neil": 'Torres' }],
  ['text constant', { fields: [{ target: 'system', rule: { kind: 'constant', value: 'psa' } }] }, { system: 'psa' }],
  ['number constant', { fields: [{ target: 'n', rule: { kind: 'constant', value: -2.5 } }] }, { n: -2.5 }],
  ['boolean constant', { fields: [{ target: 'b', rule: { kind: 'constant', value: false } }] }, { b: false }],
  ['null constant', { fields: [{ target: 'z', rule: { kind: 'constant', value: null } }] }, { z: null }],
  [
    'text constant with a quote and a new line',
    { fields: [{ target: 't', rule: { kind: 'constant', value: "it's\nhere \\ now" } }] },
    { t: "it's\nhere \\ now" },
  ],
  [
    'format date',
    { fields: [{ target: 'd', rule: { kind: 'formatDate', source: src('date'), picture: '[D01]/[M01]/[Y0001]' } }] },
    { d: '03/12/2026' },
  ],
  [
    'format date with an input picture',
    {
      fields: [
        {
          target: 'd',
          rule: {
            kind: 'formatDate',
            source: src('dmy'),
            picture: '[Y0001]-[M01]-[D01]',
            inputPicture: '[D01]/[M01]/[Y0001]',
          },
        },
      ],
    },
    { d: '2026-12-03' },
  ],
  [
    'round money',
    { fields: [{ target: 'm', rule: { kind: 'roundMoney', source: src('rate'), decimals: 2 } }] },
    { m: '120.46' },
  ],
  [
    'round money to units',
    { fields: [{ target: 'm', rule: { kind: 'roundMoney', source: src('hours'), decimals: 0 } }] },
    { m: '8' },
  ],
  [
    'concatenate fields and text',
    {
      fields: [
        {
          target: 'name',
          rule: { kind: 'concat', parts: [{ source: src('first') }, { literal: ' ' }, { source: src('last') }] },
        },
      ],
    },
    { name: 'Ana Torres' },
  ],
  [
    'concatenate a number',
    { fields: [{ target: 'ref', rule: { kind: 'concat', parts: [{ literal: 'TE/' }, { source: src('hours') }] } }] },
    { ref: 'TE/7.5' },
  ],
  [
    'default for a missing field',
    { fields: [{ target: 'r', rule: { kind: 'default', source: src('missing'), value: 'n/a' } }] },
    { r: 'n/a' },
  ],
  [
    'default keeps a present field',
    { fields: [{ target: 'r', rule: { kind: 'default', source: src('region'), value: 'n/a' } }] },
    { r: 'EMEA' },
  ],
  [
    'condition on a text',
    {
      fields: [
        {
          target: 'ok',
          rule: {
            kind: 'condition',
            test: { source: src('status'), op: '=', value: 'approved' },
            whenTrue: { literal: 'Y' },
            whenFalse: { literal: 'N' },
          },
        },
      ],
    },
    { ok: 'Y' },
  ],
  [
    'condition on a number with field branches',
    {
      fields: [
        {
          target: 'who',
          rule: {
            kind: 'condition',
            test: { source: src('hours'), op: '>', value: 8 },
            whenTrue: { source: src('last') },
            whenFalse: { source: src('first') },
          },
        },
      ],
    },
    { who: 'Ana' },
  ],
  [
    'condition on a boolean',
    {
      fields: [
        {
          target: 'kind',
          rule: {
            kind: 'condition',
            test: { source: src('billable'), op: '!=', value: true },
            whenTrue: { literal: 'internal' },
            whenFalse: { literal: 'billable' },
          },
        },
      ],
    },
    { kind: 'billable' },
  ],
  [
    'sum over a list',
    { fields: [{ target: 'total', rule: { kind: 'sum', source: src('lines', 'amount') } }] },
    { total: 15 },
  ],
  [
    'nested object',
    {
      fields: [
        {
          target: 'budget',
          rule: {
            kind: 'object',
            fields: [
              { target: 'amount', rule: { kind: 'roundMoney', source: src('rate'), decimals: 2 } },
              { target: 'currency', rule: { kind: 'constant', value: 'EUR' } },
            ],
          },
        },
      ],
    },
    { budget: { amount: '120.46', currency: 'EUR' } },
  ],
  [
    'list to list',
    {
      fields: [
        {
          target: 'items',
          rule: {
            kind: 'list',
            source: src('lines'),
            fields: [
              { target: 'code', rule: copy('sku') },
              { target: 'n', rule: copy('qty') },
            ],
          },
        },
      ],
    },
    {
      items: [
        { code: 'A', n: 2 },
        { code: 'B', n: 1 },
      ],
    },
  ],
  [
    'a list of one stays a list',
    {
      fields: [
        {
          target: 'items',
          rule: { kind: 'list', source: src('single'), fields: [{ target: 'code', rule: copy('sku') }] },
        },
      ],
    },
    { items: [{ code: 'C' }] },
  ],
  [
    'list item reading the whole input',
    {
      fields: [
        {
          target: 'items',
          rule: {
            kind: 'list',
            source: src('lines'),
            fields: [{ target: 'entry', rule: { kind: 'copy', source: { variable: '$', steps: ['id'] } } }],
          },
        },
      ],
    },
    { items: [{ entry: 'TE-1' }, { entry: 'TE-1' }] },
  ],
  [
    'nested lists',
    {
      fields: [
        {
          target: 'batches',
          rule: {
            kind: 'list',
            source: src('batches'),
            fields: [
              { target: 'code', rule: copy('code') },
              {
                target: 'ns',
                rule: { kind: 'list', source: src('items'), fields: [{ target: 'v', rule: copy('n') }] },
              },
            ],
          },
        },
      ],
    },
    { batches: [{ code: 'B1', ns: [{ v: 1 }, { v: 2 }] }] },
  ],
  [
    'empty list sub-mapping',
    { fields: [{ target: 'items', rule: { kind: 'list', source: src('lines'), fields: [] } }] },
    { items: [{}, {}] },
  ],
  [
    'context',
    {
      context: src('customer'),
      fields: [
        { target: 'name', rule: copy('name') },
        { target: 'country', rule: copy('address', 'country') },
      ],
    },
    { name: 'Acme', country: 'FR' },
  ],
  ['the whole input', { fields: [{ target: 'raw', rule: copy() }] }, { raw: input }],
  [
    'several functions side by side',
    {
      fields: [
        { target: 'id', rule: copy('id') },
        { target: 'date', rule: { kind: 'formatDate', source: src('date'), picture: '[Y0001]' } },
        { target: 'total', rule: { kind: 'sum', source: src('lines', 'qty') } },
        { target: 'region', rule: { kind: 'default', source: src('region'), value: 'GLOBAL' } },
      ],
    },
    { id: 'TE-1', date: '2026', total: 3, region: 'EMEA' },
  ],
];

/** Mappings that read variables or tables, checked for their round trip only. */
const readsBindings: [string, Mapping][] = [
  [
    'trigger variable',
    {
      fields: [
        { target: 'event', rule: { kind: 'copy', source: { variable: 'trigger', steps: ['body', 'eventId'] } } },
      ],
    },
  ],
  [
    'steps variable with a quoted key',
    {
      fields: [{ target: 'n', rule: { kind: 'copy', source: { variable: 'steps', steps: ['fetch', 'first name'] } } }],
    },
  ],
  [
    'lookup table',
    { fields: [{ target: 'gl', rule: { kind: 'lookup', table: 'service_lines', source: src('region') } }] },
  ],
  [
    'lookup inside a list',
    {
      fields: [
        {
          target: 'lines',
          rule: {
            kind: 'list',
            source: src('lines'),
            fields: [{ target: 'gl', rule: { kind: 'lookup', table: 'gl', source: src('sku') } }],
          },
        },
      ],
    },
  ],
  [
    'variable context',
    { context: { variable: 'trigger', steps: ['body'] }, fields: [{ target: 'id', rule: copy('id') }] },
  ],
];

describe('mapping round trip', () => {
  it.each(cases)(
    '%s: parse(generate(m)) is m, and the JSONata does what the lines say',
    async (_name, mapping, expected) => {
      const text = generate(mapping);
      expect(parse(text)).toEqual(mapping);
      expect(await jsonata(text).evaluate(input)).toEqual(expected);
    },
  );

  it.each(readsBindings)('%s: parse(generate(m)) is m', (_name, mapping) => {
    expect(parse(generate(mapping))).toEqual(mapping);
  });

  it('writes one line per target field, nested objects and lists indented', () => {
    const text = generate({
      fields: [
        { target: 'id', rule: copy('id') },
        {
          target: 'budget',
          rule: { kind: 'object', fields: [{ target: 'currency', rule: { kind: 'constant', value: 'EUR' } }] },
        },
        {
          target: 'lines',
          rule: { kind: 'list', source: src('lines'), fields: [{ target: 'sku', rule: copy('sku') }] },
        },
      ],
    });
    expect(text).toBe(
      [
        '{',
        "  'id': id,",
        "  'budget': {",
        "    'currency': 'EUR'",
        '  },',
        "  'lines': [lines.{",
        "    'sku': sku",
        '  }]',
        '}',
      ].join('\n'),
    );
  });

  it('refuses to write a key JSONata cannot name', () => {
    expect(() => generate({ fields: [{ target: 'x', rule: copy('a`b') }] })).toThrow(/cannot be named/);
  });
});

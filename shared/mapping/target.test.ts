import { describe, expect, it } from 'vitest';
import { canonicalResolver } from './canonical-target.ts';
import {
  absoluteSource,
  mappingFindings,
  parse,
  removeRule,
  ruleAt,
  schemaFromExample,
  setRule,
  sourceFor,
  targetFields,
  unmappedRequired,
  type Mapping,
} from './index.ts';

const timeEntry = { $ref: 'canonical:TimeEntry' };

describe('target fields from a JSON Schema', () => {
  it('reads a canonical model with its required fields and shared definitions', () => {
    const fields = targetFields(timeEntry, canonicalResolver);
    const hours = fields.find((f) => f.key === 'hours');
    expect(hours).toMatchObject({ path: ['hours'], required: true, type: 'number' });
    expect(fields.find((f) => f.key === 'date')).toMatchObject({ required: true, type: 'string', format: 'date' });
    expect(fields.find((f) => f.key === 'description')).toMatchObject({ required: false });
    expect(fields.filter((f) => f.required).map((f) => f.key)).toEqual([
      'id',
      'projectCode',
      'consultant',
      'role',
      'date',
      'hours',
      'billable',
      'status',
    ]);
  });

  it('nests objects and the items of lists', () => {
    const budget = targetFields({ $ref: 'canonical:Project' }, canonicalResolver).find((f) => f.key === 'budget');
    expect(budget?.children?.map((c) => [c.path.join('.'), c.required])).toEqual([
      ['budget.amount', true],
      ['budget.currency', true],
    ]);
    const lines = targetFields({ $ref: 'canonical:Invoice' }, canonicalResolver).find((f) => f.key === 'lines');
    expect(lines?.type).toBe('array');
    expect(lines?.children?.some((c) => c.path.join('.') === 'lines.amount')).toBe(true);
  });

  it('follows references inside the schema itself', () => {
    const schema = {
      type: 'object',
      required: ['a'],
      properties: { a: { $ref: '#/definitions/A' } },
      definitions: { A: { type: 'object', required: ['x'], properties: { x: { type: 'string' } } } },
    };
    expect(targetFields(schema, () => undefined)[0].children?.[0]).toMatchObject({ path: ['a', 'x'], required: true });
  });

  it('infers a schema from an example', () => {
    const schema = schemaFromExample({
      id: 'x',
      n: 1,
      r: 1.5,
      ok: true,
      tags: ['a'],
      lines: [{ sku: 'A' }],
      none: null,
    });
    expect(schema).toEqual({
      type: 'object',
      properties: {
        id: { type: 'string' },
        n: { type: 'integer' },
        r: { type: 'number' },
        ok: { type: 'boolean' },
        tags: { type: 'array', items: { type: 'string' } },
        lines: { type: 'array', items: { type: 'object', properties: { sku: { type: 'string' } } } },
        none: {},
      },
    });
    expect(targetFields(schema, () => undefined).find((f) => f.key === 'lines')?.children?.[0].path).toEqual([
      'lines',
      'sku',
    ]);
  });
});

describe('unmapped required fields', () => {
  const fields = targetFields({ $ref: 'canonical:Project' }, canonicalResolver);

  it('names the required fields no line fills, inside built objects too', () => {
    const m: Mapping = {
      fields: [
        { target: 'code', rule: { kind: 'copy', source: { steps: ['code'] } } },
        {
          target: 'budget',
          rule: { kind: 'object', fields: [{ target: 'currency', rule: { kind: 'constant', value: 'EUR' } }] },
        },
      ],
    };
    expect(unmappedRequired(m, fields).map((p) => p.join('.'))).toEqual([
      'name',
      'customerId',
      'serviceLine',
      'region',
      'budget.amount',
      'startDate',
      'endDate',
    ]);
  });

  it('counts an object copied as a whole as mapped', () => {
    const m: Mapping = { fields: [{ target: 'budget', rule: { kind: 'copy', source: { steps: ['budget'] } } }] };
    expect(unmappedRequired(m, fields).map((p) => p.join('.'))).not.toContain('budget.amount');
  });

  it('is what the static check reports, naming the model', () => {
    const text =
      "timeEntry.{ 'id': id, 'projectCode': projectCode, 'consultant': consultant, 'role': role, 'date': date }";
    expect(mappingFindings(text, timeEntry, canonicalResolver)).toEqual([
      { field: 'expression', message: 'the required field "hours" of canonical:TimeEntry is not mapped' },
      { field: 'expression', message: 'the required field "billable" of canonical:TimeEntry is not mapped' },
      { field: 'expression', message: 'the required field "status" of canonical:TimeEntry is not mapped' },
    ]);
  });

  it('says nothing about code the mapper cannot read, or without a target schema', () => {
    expect(mappingFindings('( $a := 1; { "x": $a } )', timeEntry, canonicalResolver)).toEqual([]);
    expect(mappingFindings("{ 'x': a }", undefined, canonicalResolver)).toEqual([]);
  });

  it('reports a target schema it cannot read', () => {
    expect(mappingFindings("{ 'x': a }", { $ref: 'canonical:Nothing' }, canonicalResolver)).toEqual([
      {
        field: 'targetSchema',
        message: 'canonical:Nothing names no fields to map (is the schema or model name right?)',
      },
    ]);
  });
});

describe('editing by target path', () => {
  const base: Mapping = { fields: [] };

  it('sets, reads and removes a nested field, creating and pruning the object on the way', () => {
    const m = setRule(base, ['budget', 'amount'], { kind: 'copy', source: { steps: ['fee'] } });
    expect(ruleAt(m, ['budget', 'amount'])).toEqual({ kind: 'copy', source: { steps: ['fee'] } });
    expect(ruleAt(m, ['budget'])?.kind).toBe('object');
    expect(base.fields).toEqual([]);
    expect(removeRule(m, ['budget', 'amount'])).toEqual({ fields: [] });
  });

  it('names a source field relative to the item of the list being mapped, or from the root outside it', () => {
    let m = setRule(base, ['lines'], { kind: 'list', source: { steps: ['order', 'items'] }, fields: [] });
    expect(sourceFor(m, ['lines', 'sku'], ['order', 'items', 'code'])).toEqual({ steps: ['code'] });
    expect(sourceFor(m, ['lines', 'currency'], ['order', 'currency'])).toEqual({
      variable: '$',
      steps: ['order', 'currency'],
    });
    m = setRule(m, ['lines', 'sku'], { kind: 'copy', source: { steps: ['code'] } });
    expect(ruleAt(m, ['lines'])).toMatchObject({ kind: 'list', fields: [{ target: 'sku' }] });
    expect(absoluteSource(m, ['lines', 'sku'], { steps: ['code'] })).toEqual(['order', 'items', 'code']);
    expect(sourceFor(m, ['total'], ['order', 'total'])).toEqual({ steps: ['order', 'total'] });
  });

  it('reads sources relative to the context of the mapping', () => {
    const m = parse("timeEntry.{ 'id': id }") as Mapping;
    expect(sourceFor(m, ['hours'], ['timeEntry', 'hours'])).toEqual({ steps: ['hours'] });
    expect(sourceFor(m, ['event'], ['eventId'])).toEqual({ variable: '$', steps: ['eventId'] });
    expect(absoluteSource(m, ['id'], { steps: ['id'] })).toEqual(['timeEntry', 'id']);
  });
});

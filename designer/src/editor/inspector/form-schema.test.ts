import { describe, expect, it } from 'vitest';
import {
  buildUiSchema,
  humanize,
  withoutDefaults,
  expressionToFixed,
  fixedToExpression,
  formSchemaOf,
  isFreeForm,
} from './form-schema.ts';
import type { JsonSchema } from '../../api/types.ts';

const http: JsonSchema = {
  $schema: 'x',
  type: 'object',
  additionalProperties: false,
  required: ['url'],
  properties: {
    method: { type: 'string', enum: ['GET', 'POST'] },
    url: { type: 'string' },
    headers: { type: 'object', additionalProperties: { type: 'string' } },
    query: { type: 'object', additionalProperties: { type: ['string', 'number', 'boolean'] } },
    body: { description: 'anything' },
    timeoutMs: { type: 'integer' },
    fullResponse: { type: 'boolean' },
    retry: { type: 'object', properties: { maxAttempts: { type: 'integer' } } },
  },
};
const validate: JsonSchema = {
  type: 'object',
  properties: {
    schema: { type: 'object', propertyNames: { type: 'string' }, additionalProperties: {}, 'x-weft-json-schema': true },
    rules: {
      type: 'array',
      items: {
        type: 'object',
        properties: { expression: { type: 'string', 'x-weft-expression': true }, message: { type: 'string' } },
      },
    },
  },
};

describe('config form generation', () => {
  it('drops retry (own section) and $schema from the form', () => {
    const s = formSchemaOf(http);
    expect(s.properties).not.toHaveProperty('retry');
    expect(s).not.toHaveProperty('$schema');
    expect(s.required).toEqual(['url']);
    expect(http.properties).toHaveProperty('retry');
  });

  it('offers the fixed/expression toggle on scalars and string maps, a JSON editor for free-form values', () => {
    const ui = buildUiSchema(formSchemaOf(http), { expressions: true });
    for (const k of ['method', 'url', 'timeoutMs', 'fullResponse', 'headers', 'query'])
      expect(ui[k]).toMatchObject({ 'ui:field': 'expressionable' });
    expect(ui.url).toEqual({ 'ui:field': 'expressionable', 'ui:title': 'URL' });
    expect(ui.body).toEqual({ 'ui:field': 'expressionable', 'ui:options': { inner: 'json' }, 'ui:title': 'Body' });
  });

  it('gives expression fields the JSONata editor, also inside arrays', () => {
    const ui = buildUiSchema(validate, { expressions: true });
    expect(ui.schema).toEqual({
      'ui:field': 'expressionable',
      'ui:options': { inner: 'json', jsonSchema: true },
      'ui:title': 'Schema',
    });
    expect(ui.rules).toEqual({
      items: {
        expression: { 'ui:field': 'jsonata', 'ui:title': 'Expression' },
        message: { 'ui:field': 'expressionable', 'ui:title': 'Message' },
        'ui:title': 'Rule',
      },
      'ui:options': { orderable: true },
      'ui:title': 'Rules',
    });
  });

  it('has no toggles for triggers but keeps JSON and JSONata editors', () => {
    const ui = buildUiSchema(validate, { expressions: false });
    expect(ui.schema).toMatchObject({ 'ui:field': 'json', 'ui:options': { inner: 'json', jsonSchema: true } });
    expect((ui.rules as Record<string, Record<string, unknown>>).items.message).toEqual({ 'ui:title': 'Message' });
    expect(buildUiSchema(formSchemaOf(http), { expressions: false }).url).toEqual({ 'ui:title': 'URL' });
  });

  it('marks fields that hold a JSON Schema so the JSON editor offers the canonical models', () => {
    const marked = {
      type: 'object',
      propertyNames: { type: 'string' },
      additionalProperties: {},
      'x-weft-json-schema': true,
    };
    expect(
      buildUiSchema(
        { type: 'object', properties: { s: marked, other: { description: 'anything' } } },
        { expressions: true },
      ),
    ).toEqual({
      s: { 'ui:field': 'expressionable', 'ui:options': { inner: 'json', jsonSchema: true }, 'ui:title': 'S' },
      other: { 'ui:field': 'expressionable', 'ui:options': { inner: 'json' }, 'ui:title': 'Other' },
    });
    // Also when the marked field declares properties of its own (it is still a schema, edited as JSON).
    const withProps = { ...marked, properties: { type: { type: 'string' } } };
    expect(buildUiSchema({ type: 'object', properties: { s: withProps } }, { expressions: false }).s).toEqual({
      'ui:field': 'json',
      'ui:options': { inner: 'json', jsonSchema: true },
      'ui:title': 'S',
    });
  });

  it('labels fields for people and shows scalar defaults as placeholders without writing them', () => {
    expect(humanize('idempotencyKey')).toBe('Idempotency key');
    expect(humanize('timeoutMs')).toBe('Timeout (ms)');
    expect(humanize('memoryMb')).toBe('Memory (MB)');
    expect(humanize('url')).toBe('URL');
    expect(humanize('dedupe')).toBe('Dedupe');
    const ui = buildUiSchema(
      {
        type: 'object',
        properties: {
          method: { type: 'string', default: 'POST' },
          headers: { type: 'object', default: {} },
          named: { type: 'string', title: 'Own title' },
        },
      },
      { expressions: false },
    );
    expect(ui.method).toEqual({ 'ui:title': 'Method', 'ui:placeholder': 'Default: POST' });
    expect(ui.headers).not.toHaveProperty('ui:placeholder');
    expect(ui.named).toEqual({ 'ui:title': 'Own title' });
    const bare = withoutDefaults({
      type: 'object',
      default: {},
      properties: {
        a: { type: 'string', default: 'x' },
        l: { type: 'array', items: { type: 'object', properties: { b: { type: 'integer', default: 1 } } } },
      },
    });
    expect(JSON.stringify(bare)).not.toContain('default');
    expect(bare.properties!.l.items!.properties!.b).toEqual({ type: 'integer' });
  });

  it('edits the engine’s onError setting as a plain choice', () => {
    const ui = buildUiSchema(
      { type: 'object', properties: { onError: { type: 'string', enum: ['fail', 'route'] }, url: { type: 'string' } } },
      { expressions: true },
    );
    expect(ui.onError).toEqual({ 'ui:title': 'On error' });
    expect(ui.url).toMatchObject({ 'ui:field': 'expressionable' });
  });

  it('handles empty and odd schemas', () => {
    expect(buildUiSchema({ type: 'object' }, { expressions: true })).toEqual({});
    expect(buildUiSchema({ type: 'object', properties: {} }, { expressions: true })).toEqual({});
    expect(isFreeForm({})).toBe(true);
    expect(isFreeForm({ type: ['string', 'number'] })).toBe(true);
    expect(isFreeForm({ enum: [1, 2] })).toBe(false);
    expect(isFreeForm({ type: 'object', properties: { a: {} } })).toBe(false);
  });

  it('switches between fixed values and expressions without losing what was typed', () => {
    expect(fixedToExpression('https://erp/x')).toBe('="https://erp/x"');
    expect(fixedToExpression(30)).toBe('=30');
    expect(fixedToExpression({ a: 1 })).toBe('={"a":1}');
    expect(fixedToExpression(undefined)).toBe('=');
    expect(expressionToFixed('="https://erp/x"')).toBe('https://erp/x');
    expect(expressionToFixed('=30')).toBe(30);
    expect(expressionToFixed('=$.amount * 2')).toBeUndefined();
    expect(expressionToFixed('plain')).toBe('plain');
  });

  it('keeps a fixed text that starts with "=" a text when switching modes (the "==" escape)', () => {
    // "==total" is the text "=total"; written as an expression it is the string "=total".
    expect(fixedToExpression('==total')).toBe('="=total"');
    // Back to a fixed value, the text "=total" is stored escaped, or the runtime would evaluate it.
    expect(expressionToFixed('="=total"')).toBe('==total');
    expect(expressionToFixed('==total')).toBe('==total');
  });
});

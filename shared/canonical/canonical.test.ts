import { describe, it, expect } from 'vitest';
import { canonicalSchemas, CANONICAL_PREFIX, CANONICAL_DEFINITIONS, canonicalNameOf, canonicalRef } from './index.ts';

type S = Record<string, unknown>;

/** Every `$ref` in a schema, with the path it sits at. */
function refs(s: unknown, at = '#', out: Array<[string, string]> = []): Array<[string, string]> {
  if (typeof s !== 'object' || s === null) return out;
  for (const [k, v] of Object.entries(s)) {
    if (k === '$ref' && typeof v === 'string') out.push([at, v]);
    else refs(v, `${at}/${k}`, out);
  }
  return out;
}

function resolve(ref: string): unknown {
  const [id, pointer = ''] = ref.split('#');
  let node: unknown = canonicalSchemas[id.slice(CANONICAL_PREFIX.length)];
  for (const seg of pointer.split('/').filter(Boolean)) node = (node as S | undefined)?.[seg];
  return node;
}

/** Property names of every object schema, nested ones too. */
function propertyNames(s: unknown, out: string[] = []): string[] {
  if (typeof s !== 'object' || s === null) return out;
  const props = (s as S).properties;
  if (props && typeof props === 'object') out.push(...Object.keys(props));
  for (const v of Object.values(s)) propertyNames(v, out);
  return out;
}

describe('canonical data model', () => {
  const entries = Object.entries(canonicalSchemas) as Array<[string, S]>;

  it('names each schema canonical:<Name>, with a title and a description, in draft-07 plain JSON', () => {
    expect(entries.length).toBe(16);
    for (const [name, s] of entries) {
      expect(s.$id, name).toBe(CANONICAL_PREFIX + name);
      expect(s.$schema, name).toBe('http://json-schema.org/draft-07/schema#');
      expect(s.title, name).toBe(name);
      expect(typeof s.description === 'string' && s.description.length > 20, name).toBe(true);
      expect(JSON.parse(JSON.stringify(s)), name).toEqual(s);
    }
  });

  it('has closed records whose required fields are all declared, with camelCase names', () => {
    for (const [name, s] of entries) {
      if (name === CANONICAL_DEFINITIONS) continue;
      expect(s, name).toMatchObject({ type: 'object', additionalProperties: false });
      const props = Object.keys(s.properties as S);
      for (const r of s.required as string[]) expect(props, `${name}.${r}`).toContain(r);
      expect(props, name).toContain('extensions');
    }
    for (const p of propertyNames(canonicalSchemas)) expect(p).toMatch(/^[a-z][a-zA-Z0-9]*$/);
  });

  it('resolves every $ref to a canonical schema or one of its definitions', () => {
    for (const [name, s] of entries)
      for (const [at, ref] of refs(s)) {
        expect(ref.startsWith(CANONICAL_PREFIX), `${name} ${at}`).toBe(true);
        expect(resolve(ref), `${name} ${at} → ${ref}`).toBeTypeOf('object');
      }
  });

  it('states the money, currency and date rules in the shared definitions', () => {
    const defs = canonicalSchemas.Common as { definitions: Record<string, S> };
    expect(defs.definitions.Money).toMatchObject({
      type: 'string',
      pattern: '^-?\\d+(\\.\\d{1,4})?$',
      description: expect.stringMatching(/never a binary float/),
    });
    expect(defs.definitions.MinorUnits).toMatchObject({ type: 'integer' });
    expect(defs.definitions.Currency).toMatchObject({
      pattern: '^[A-Z]{3}$',
      description: expect.stringMatching(/ISO 4217/),
    });
    expect(defs.definitions.Date).toMatchObject({ format: 'date', description: expect.stringMatching(/ISO 8601/) });
    expect(defs.definitions.DateTime).toMatchObject({ format: 'date-time' });
  });

  it('reads and writes the {"$ref": "canonical:<Name>"} value', () => {
    expect(canonicalRef('Project')).toEqual({ $ref: 'canonical:Project' });
    expect(canonicalNameOf({ $ref: 'canonical:Project' })).toBe('Project');
    expect(canonicalNameOf({ $ref: 'canonical:Project', type: 'object' })).toBeNull();
    expect(canonicalNameOf({ $ref: 'canonical:Common#/definitions/Money' })).toBeNull();
    expect(canonicalNameOf({ $ref: '#/x' })).toBeNull();
    expect(canonicalNameOf('canonical:Project')).toBeNull();
    expect(canonicalNameOf(null)).toBeNull();
  });
});

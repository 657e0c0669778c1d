import { describe, it, expect } from 'vitest';
import validate, { checkJsonSchema } from './schema.node.ts';
import { isRouted } from '../define-node.ts';
import { makeTestContext } from '../testing.ts';

const leadSchema = {
  type: 'object',
  required: ['client', 'budget'],
  properties: {
    client: { type: 'string', minLength: 1 },
    email: { type: 'string', format: 'email' },
    budget: { type: 'number' },
  },
};

async function run(config: unknown, input: unknown) {
  const out = await validate.execute(makeTestContext(), input, validate.config.parse(config));
  if (!isRouted(out)) throw new Error('expected a routed output');
  return out;
}

describe('validate.schema', () => {
  it('passes the same input object by "valid"', async () => {
    const input = { client: 'Acme', budget: 10, email: 'a@b.co' };
    const out = await run(
      { schema: leadSchema, rules: [{ expression: 'budget > 0', message: 'budget must be positive' }] },
      input,
    );
    expect(out.port).toBe('valid');
    expect(out.output).toBe(input);
  });

  it('lists every schema and rule problem by "invalid"', async () => {
    const input = { client: '', email: 'nope' };
    const out = await run(
      {
        schema: leadSchema,
        rules: [
          { expression: '$exists(budget) and budget > 0', message: 'budget must be positive', path: '/budget' },
          { expression: 'client = "Acme"', message: 'only Acme' },
        ],
      },
      input,
    );
    expect(out.port).toBe('invalid');
    const { errors, input: echoed } = out.output as {
      errors: Array<{ path: string; message: string; keyword?: string }>;
      input: unknown;
    };
    expect(echoed).toBe(input);
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: '/budget', keyword: 'required' }),
        expect.objectContaining({ path: '/client', keyword: 'minLength' }),
        expect.objectContaining({ path: '/email', keyword: 'format' }),
        { path: '/budget', message: 'budget must be positive' },
        { path: '/', message: 'only Acme' },
      ]),
    );
    expect(errors).toHaveLength(5);
  });

  it('shows the root as "/" and a non-true rule value as a failure', async () => {
    const out = await run(
      { schema: { type: 'array' }, rules: [{ expression: '"yes"', message: 'not exactly true' }] },
      { a: 1 },
    );
    expect((out.output as { errors: unknown[] }).errors).toEqual([
      { path: '/', message: 'must be array', keyword: 'type' },
      { path: '/', message: 'not exactly true' },
    ]);
  });

  it('accepts anything with the default empty schema', async () => {
    expect((await run({}, 42)).port).toBe('valid');
  });

  it('understands 2020-12 schemas', async () => {
    const schema = {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'array',
      prefixItems: [{ type: 'string' }],
    };
    expect((await run({ schema }, [1])).port).toBe('invalid');
    expect((await run({ schema }, ['a'])).port).toBe('valid');
  });

  it('compiles a schema with an $id again and again from fresh objects', async () => {
    for (let i = 0; i < 3; i++)
      expect((await run({ schema: { $id: 'https://x/lead', type: 'object' } }, {})).port).toBe('valid');
  });

  it('refuses a schema that does not compile as a config problem on "schema"', () => {
    const r = validate.config.safeParse({ schema: { type: 'nonsense' } });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]).toMatchObject({
      path: ['schema'],
      message: expect.stringMatching(/schema does not compile/),
    });
  });

  it('names the rule index on an expression error', async () => {
    const rules = [
      { expression: 'true', message: 'ok' },
      { expression: '$nope(', message: 'broken' },
    ];
    await expect(run({ rules }, {})).rejects.toMatchObject({
      code: 'expression_error',
      message: expect.stringContaining('rules[1]'),
    });
  });

  it('checkJsonSchema reports compile errors for static validation', () => {
    expect(checkJsonSchema(leadSchema)).toBeNull();
    expect(checkJsonSchema({ type: 'nonsense' })).toMatch(/type/);
    expect(checkJsonSchema({ properties: { a: { $ref: '#/nowhere' } } })).toMatch(/nowhere/);
    expect(checkJsonSchema([])).toMatch(/object/);
  });
});

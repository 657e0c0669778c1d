import { describe, it, expect } from 'vitest';
import validate from './schema.node.ts';
import { checkJsonSchema, compileJsonSchema } from './json-schema.ts';
import { isRouted } from '../define-node.ts';
import { makeTestContext } from '../testing.ts';
import { canonicalSchemas, CANONICAL_DEFINITIONS } from '../../shared/canonical/index.ts';

type Problem = { path: string; message: string; keyword?: string };

async function check(schema: unknown, input: unknown): Promise<{ port: string; errors: Problem[] }> {
  const out = await validate.execute(makeTestContext(), input, validate.config.parse({ schema }));
  if (!isRouted(out)) throw new Error('expected a routed output');
  return { port: out.port, errors: out.port === 'invalid' ? (out.output as { errors: Problem[] }).errors : [] };
}

const project = {
  code: 'PRJ-1001',
  name: 'ERP rollout',
  customerId: 'ACC-7',
  parentCode: 'PRG-10',
  serviceLine: 'Advisory',
  region: 'EMEA',
  budget: { amount: '16800.00', currency: 'EUR' },
  startDate: '2025-04-01',
  endDate: '2025-09-30',
};
const timeEntry = {
  id: 'TE-1',
  projectCode: 'PRJ-1001',
  consultant: 'RES-42',
  role: 'Senior Consultant',
  date: '2025-04-07',
  hours: 7.75,
  billable: true,
  status: 'approved',
};
const invoiceLine = {
  projectCode: 'PRJ-1001',
  description: 'Senior Consultant, week 15',
  quantity: 7.75,
  unitPrice: '150.00',
  amount: '1162.50',
  currency: 'EUR',
  sourceRef: { system: 'psa', entity: 'TimeEntry', id: 'TE-1' },
};

const paths = (errors: Problem[]) => errors.map((e) => `${e.path} ${e.keyword}`).sort();

describe('validate.schema with the canonical model', () => {
  it('accepts valid records by {"$ref": "canonical:<Name>"}', async () => {
    expect(await check({ $ref: 'canonical:Project' }, project)).toEqual({ port: 'valid', errors: [] });
    expect(await check({ $ref: 'canonical:TimeEntry' }, timeEntry)).toEqual({ port: 'valid', errors: [] });
    expect(await check({ $ref: 'canonical:InvoiceLine' }, invoiceLine)).toEqual({ port: 'valid', errors: [] });
    expect(
      (
        await check(
          { $ref: 'canonical:Invoice' },
          {
            id: 'INV-1',
            customerId: 'ACC-7',
            legalEntity: 'WEFT-DE',
            currency: 'EUR',
            issueDate: '2025-04-30',
            dueDate: '2025-05-30',
            status: 'draft',
            lines: [invoiceLine],
            total: '1162.50',
          },
        )
      ).port,
    ).toBe('valid');
  });

  it('rejects an invalid Project: money as a float, bad currency, bad dates, unknown and missing fields', async () => {
    const bad = {
      ...project,
      budget: { amount: 16800.5, currency: 'eur' },
      startDate: '2025-02-30',
      endDate: '30/09/2025',
      regoin: 'EMEA',
    } as Record<string, unknown>;
    delete bad.region;
    const { port, errors } = await check({ $ref: 'canonical:Project' }, bad);
    expect(port).toBe('invalid');
    expect(paths(errors)).toEqual([
      '/budget/amount type',
      '/budget/currency pattern',
      '/endDate format',
      '/region required',
      '/regoin additionalProperties',
      '/startDate format',
    ]);
  });

  it('rejects an invalid TimeEntry: hours not in quarter hours or over 24, a date-time for a date', async () => {
    const { errors } = await check(
      { $ref: 'canonical:TimeEntry' },
      { ...timeEntry, hours: 7.3, date: '2025-04-07T09:00:00Z', status: 'done' },
    );
    expect(paths(errors)).toEqual(['/date format', '/hours multipleOf', '/status enum']);
    expect(paths((await check({ $ref: 'canonical:TimeEntry' }, { ...timeEntry, hours: 24.25 })).errors)).toEqual([
      '/hours maximum',
    ]);
  });

  it('rejects an invalid InvoiceLine: float money, too many decimals, lower-case currency, no source', async () => {
    const { sourceRef: _s, ...noSource } = invoiceLine;
    const { errors } = await check(
      { $ref: 'canonical:InvoiceLine' },
      { ...noSource, unitPrice: 150.0, amount: '1162.50001', currency: 'Euro' },
    );
    expect(paths(errors)).toEqual(['/amount pattern', '/currency pattern', '/sourceRef required', '/unitPrice type']);
  });

  it('checks canonical references nested inside properties and definitions', async () => {
    const schema = {
      type: 'object',
      required: ['project', 'entries'],
      properties: {
        project: { $ref: 'canonical:Project' },
        entries: { type: 'array', items: { $ref: 'canonical:TimeEntry' } },
        total: { $ref: 'canonical:Common#/definitions/Money' },
      },
    };
    expect((await check(schema, { project, entries: [timeEntry], total: '7.75' })).port).toBe('valid');
    const { errors } = await check(schema, {
      project: { ...project, code: 'has space' },
      entries: [timeEntry, { ...timeEntry, billable: 'yes' }],
      total: 7.75,
    });
    expect(paths(errors)).toEqual(['/entries/1/billable type', '/project/code pattern', '/total type']);
  });

  it('knows the canonical model in 2019-09 and 2020-12 schemas too', async () => {
    for (const $schema of [
      'https://json-schema.org/draft/2019-09/schema',
      'https://json-schema.org/draft/2020-12/schema',
    ]) {
      const schema = { $schema, type: 'object', properties: { line: { $ref: 'canonical:InvoiceLine' } } };
      expect((await check(schema, { line: invoiceLine })).port, $schema).toBe('valid');
      expect(paths((await check(schema, { line: { ...invoiceLine, amount: 1162.5 } })).errors), $schema).toEqual([
        '/line/amount type',
      ]);
    }
  });

  it('enforces the fee-model rules of a Contract', async () => {
    const base = {
      id: 'SOW-1',
      customerId: 'ACC-7',
      title: 'Rollout',
      currency: 'EUR',
      billingFrequency: 'monthly',
      paymentTerms: { netDays: 30 },
      startDate: '2025-04-01',
      status: 'executed',
    };
    expect(
      paths((await check({ $ref: 'canonical:Contract' }, { ...base, feeModel: 'time_and_materials' })).errors),
    ).toEqual(['/ if', '/rateCard required']);
    expect(
      (
        await check(
          { $ref: 'canonical:Contract' },
          { ...base, feeModel: 'time_and_materials', rateCard: [{ role: 'Consultant', unit: 'hour', rate: '120.00' }] },
        )
      ).port,
    ).toBe('valid');
    const milestones = [
      {
        code: 'M1',
        name: 'Design signed off',
        amount: '5000.00',
        acceptanceCriteria: ['Design document approved by sponsor'],
      },
    ];
    expect(
      (
        await check(
          { $ref: 'canonical:Contract' },
          { ...base, feeModel: 'milestone', billingFrequency: 'on_milestone', milestones },
        )
      ).port,
    ).toBe('valid');
    expect(
      paths(
        (
          await check(
            { $ref: 'canonical:Contract' },
            { ...base, feeModel: 'milestone', milestones: [{ ...milestones[0], acceptanceCriteria: [] }] },
          )
        ).errors,
      ),
    ).toContain('/milestones/0/acceptanceCriteria minItems');
  });

  it('names an unknown canonical model, at run time and in the static check', async () => {
    expect(checkJsonSchema({ $ref: 'canonical:Foo' })).toMatch(
      /unknown canonical model "Foo".*known models: Customer, .*Project/,
    );
    expect(checkJsonSchema({ properties: { a: { $ref: 'canonical:Foo' } } })).toMatch(/unknown canonical model "Foo"/);
    expect(checkJsonSchema({ $ref: 'canonical:Common#/definitions/Nope' })).toMatch(
      /canonical:Common has no #\/definitions\/Nope/,
    );
    const r = validate.config.safeParse({ schema: { $ref: 'canonical:Foo' } });
    expect(r.error!.issues[0]).toMatchObject({
      path: ['schema'],
      message: expect.stringMatching(/schema does not compile: unknown canonical model "Foo"/),
    });
    await expect(
      validate.execute(makeTestContext(), {}, { schema: { $ref: 'canonical:Foo' }, rules: [] }),
    ).rejects.toMatchObject({ code: 'invalid_config', message: expect.stringContaining('unknown canonical model') });
  });

  it('keeps the canonical schemas after compiling and refuses schemas that claim their $id', () => {
    for (let i = 0; i < 3; i++)
      expect(checkJsonSchema({ $id: 'https://x/p' + i, properties: { p: { $ref: 'canonical:Project' } } })).toBeNull();
    expect(checkJsonSchema({ $id: 'canonical:Project', type: 'object' })).toMatch(/reserved prefix "canonical:"/);
    expect(checkJsonSchema({ properties: { a: { $id: 'canonical:Mine' } } })).toMatch(/reserved prefix/);
    expect(compileJsonSchema({ $ref: 'canonical:Project' })(project)).toBe(true);
  });

  it('compiles every canonical model in every dialect', () => {
    for (const name of Object.keys(canonicalSchemas).filter((n) => n !== CANONICAL_DEFINITIONS))
      for (const $schema of [
        undefined,
        'https://json-schema.org/draft/2019-09/schema',
        'https://json-schema.org/draft/2020-12/schema',
      ])
        expect(
          checkJsonSchema({ ...($schema ? { $schema } : {}), $ref: 'canonical:' + name }),
          `${name} ${$schema}`,
        ).toBeNull();
  });
});

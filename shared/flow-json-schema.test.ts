import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';
import { flowJsonSchema } from './flow-json-schema.ts';

describe('published JSON Schema of the flow definition', () => {
  const file = JSON.parse(readFileSync(new URL('./flow.schema.json', import.meta.url), 'utf8'));

  it('is current with the zod schema (run npm run schema:json after changing shared/flow.ts)', () => {
    expect(file).toEqual(flowJsonSchema());
  });

  it('accepts the example flows and rejects a broken one', () => {
    const validate = new Ajv2020({ strict: false }).compile(file);
    const example = JSON.parse(
      readFileSync(new URL('../test/fixtures/opportunity-won-to-erp.json', import.meta.url), 'utf8'),
    );
    expect(validate(example), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...example, nodes: [{ id: 'x' }] })).toBe(false);
  });
});

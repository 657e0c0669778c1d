import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { API_TYPES_FILE, apiTypes, openApiDocument } from '../../runtime/api/emit-api-types.ts';

describe("the designer's API types", () => {
  it('are generated from the current OpenAPI document (run npm run api:types after changing a route)', async () => {
    const current = await apiTypes(await openApiDocument());
    expect(
      readFileSync(API_TYPES_FILE, 'utf8') === current,
      'designer/src/api/schema.d.ts is stale: run npm run api:types',
    ).toBe(true);
  }, 60_000);
});

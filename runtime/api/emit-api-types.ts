/**
 * `npm run api:types`: writes the designer's API types (designer/src/api/schema.d.ts) from the
 * OpenAPI document of an in-memory runtime. A test regenerates them and fails when the file is stale.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import { createWeft } from '../weft.ts';
import { silentLogger } from '../logger.ts';
import { createApp } from './app.ts';

export const API_TYPES_FILE = fileURLToPath(new URL('../../designer/src/api/schema.d.ts', import.meta.url));

const HEADER = `/**
 * The Weft API as TypeScript types, generated from its OpenAPI document by openapi-typescript.
 * Do not edit: run \`npm run api:types\` after changing a route or a response schema.
 */

`;

/** The OpenAPI document a runtime serves at /api/openapi.json. */
export async function openApiDocument(): Promise<Record<string, unknown>> {
  const weft = await createWeft({
    config: { dataDir: ':memory:', examplesDir: null, logLevel: 'silent' },
    logger: silentLogger,
    schedules: false,
  });
  try {
    const res = await createApp(weft).request('/api/openapi.json');
    return (await res.json()) as Record<string, unknown>;
  } finally {
    await weft.close(0);
  }
}

/** The text of designer/src/api/schema.d.ts for `doc`. */
export async function apiTypes(doc: Record<string, unknown>): Promise<string> {
  const ast = await openapiTS(doc as never, { alphabetize: true });
  return HEADER + astToString(ast);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(API_TYPES_FILE, await apiTypes(await openApiDocument()));
  console.log(`wrote ${API_TYPES_FILE}`);
}

// Writes shared/flow.schema.json from the zod schema: `npm run schema:json`.
import { writeFileSync } from 'node:fs';
import { flowJsonSchema } from './flow-json-schema.ts';

const target = new URL('./flow.schema.json', import.meta.url);
writeFileSync(target, JSON.stringify(flowJsonSchema(), null, 2) + '\n');
console.log(`wrote ${target.pathname}`);

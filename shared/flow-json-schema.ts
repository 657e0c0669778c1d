import { z } from 'zod';
import { flowDefinitionSchema } from './flow.ts';

/** The flow definition as JSON Schema (draft 2020-12), for editors and CI checks of flow files. */
export function flowJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(flowDefinitionSchema, { io: 'input', target: 'draft-2020-12' }),
    $id: 'https://weft.dev/schemas/flow-definition.v1.json',
    title: 'Weft flow definition',
  };
}

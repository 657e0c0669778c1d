import { z } from '@hono/zod-openapi';
import { named } from '../openapi.ts';
import { VARIABLE_NAME, variableInput } from '../../../shared/variables.ts';

export const VariableView = z
  .object({
    name: z.string().openapi({ example: 'ERP_COMPANY' }),
    value: z.string(),
    description: z.string(),
    updatedAt: z.number().int().openapi({ description: 'Milliseconds since the epoch' }),
    updatedBy: z.string().nullable(),
  })
  .openapi('Variable');
export const VariableList = z.object({ variables: z.array(VariableView) }).openapi('VariableList');
export const VariableInput = named(variableInput, 'VariableInput');
export const VariableDeleted = z.object({ deleted: z.string() }).openapi('VariableDeleted');

/** The name in the path; one that is not UPPER_SNAKE is refused with 400 before anything is read. */
export const variableParam = z.object({
  name: z
    .string()
    .regex(VARIABLE_NAME, 'not a variable name: UPPER_SNAKE, a capital letter first, at most 64 characters')
    .openapi({ param: { name: 'name', in: 'path' }, example: 'ERP_COMPANY' }),
});

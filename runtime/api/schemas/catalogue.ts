import { z } from '@hono/zod-openapi';
import { named } from '../openapi.ts';
import { nodeTypeInfoSchema } from '../../../shared/catalogue.ts';

/** Response schemas of the catalogue routes. */
export const NodeType = named(nodeTypeInfoSchema, 'NodeType');
export const NodeTypeList = z.object({ nodeTypes: z.array(NodeType) });

/*
 * The evaluate handler builds its answers as plain objects (`ok` typed boolean, `position` unknown);
 * the document states the values they hold.
 */
export const EvaluateResult = z
  .union([
    z.object({
      ok: z.boolean().openapi({ enum: [true] }),
      result: z.unknown().describe('The value; a large one as {"$weftTruncated": true, bytes, preview}'),
    }),
    z.object({
      ok: z.boolean().openapi({ enum: [false] }),
      error: z.object({
        code: z.string().openapi({ example: 'expression_syntax' }),
        message: z.string(),
        position: z
          .unknown()
          .optional()
          .openapi({ type: 'integer', description: 'Character offset of the problem inside the expression' }),
      }),
    }),
  ])
  .openapi('EvaluateResult');

import { z } from 'zod';
import { defineNode, PORTS } from '../define-node.ts';

const config = z
  .object({
    flatten: z
      .boolean()
      .default(true)
      .describe(
        "A list arriving adds its entries, and a loop's output its results; off, each input is one entry as it arrives",
      ),
    dropEmpty: z
      .boolean()
      .default(false)
      .describe('Leaves out null entries (such as the results of items whose body failed)'),
  })
  .strict();

/** A loop's output: { results, failed }. */
function isLoopOutput(v: unknown): v is { results: unknown[]; failed: unknown[] } {
  return (
    typeof v === 'object' &&
    v !== null &&
    Array.isArray((v as { results?: unknown }).results) &&
    Array.isArray((v as { failed?: unknown }).failed)
  );
}

export default defineNode({
  type: 'control.aggregate',
  typeVersion: 1,
  title: 'Aggregate',
  category: 'control',
  description:
    "Collects what arrives into one list: a loop's results, or the outputs of several branches in the order of the edges into it (branches that did not run are left out).",
  ports: PORTS.step,
  config,
  execute(ctx, input, c) {
    const sources = ctx.sources();
    const arrived = sources.length > 1 ? sources.map((id) => (input as Record<string, unknown>)[id]) : [input];
    const out: unknown[] = [];
    for (const v of arrived) {
      if (c.flatten && isLoopOutput(v)) out.push(...v.results);
      else if (c.flatten && Array.isArray(v)) out.push(...v);
      else out.push(v);
    }
    return c.dropEmpty ? out.filter((v) => v !== null && v !== undefined) : out;
  },
});

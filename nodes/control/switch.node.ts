import { z } from 'zod';
import { defineNode, emit, expression } from '../define-node.ts';

const caseSchema = z
  .object({
    port: z
      .string()
      .min(1)
      .max(60)
      .regex(/^[A-Za-z0-9_-]+$/, 'use letters, digits, "_" or "-"')
      .refine((p) => p !== 'default', '"default" is reserved for inputs no case matches')
      .describe('Output port this case leads to'),
    when: expression('Predicate over the input; the first case whose predicate is exactly true wins'),
  })
  .strict();

const config = z
  .object({
    cases: z
      .array(caseSchema)
      .min(1)
      .max(50)
      .superRefine((cases, ctx) => {
        const seen = new Set<string>();
        cases.forEach((c, i) => {
          if (seen.has(c.port))
            ctx.addIssue({ code: 'custom', message: `port "${c.port}" is used by an earlier case`, path: [i, 'port'] });
          seen.add(c.port);
        });
      })
      .describe('Cases tried in order; each has its own output port'),
  })
  .strict();

function casePorts(c: unknown): string[] {
  const cases = (c as { cases?: unknown } | null)?.cases;
  if (!Array.isArray(cases)) return [];
  const ports = cases
    .map((k) => (k as { port?: unknown } | null)?.port)
    .filter((p): p is string => typeof p === 'string' && p !== '');
  return [...new Set(ports)];
}

export default defineNode({
  type: 'control.switch',
  typeVersion: 1,
  title: 'Switch',
  category: 'control',
  description: 'Routes the input, unchanged, to the port of the first matching case, or to "default".',
  // Also called with unvalidated config (designer drafts), so it tolerates any shape.
  ports: (c) => ({ inputs: ['in'], outputs: [...casePorts(c), 'default'] }),
  portsFromConfig: ['cases', '*', 'port'],
  config,
  async execute(ctx, input, c) {
    for (const k of c.cases) {
      if ((await ctx.evaluate(k.when, input)) === true) return emit(k.port, input);
    }
    return emit('default', input);
  },
});

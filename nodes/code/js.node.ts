import { z } from 'zod';
import { defineNode, PORTS } from '../define-node.ts';

const config = z
  .object({
    code: z
      .string()
      .min(1)
      .max(200_000)
      .describe(
        'Body of an async JavaScript function. `input` is a copy of the node input, `trigger` a copy of the trigger event body; ' +
          '`return` gives the output (JSON-like data). `await` works; console.log/warn/error go to the run log. ' +
          'There is no require, process, fetch or timers.',
      ),
    timeoutMs: z
      .number()
      .int()
      .min(10)
      .max(30_000)
      .default(1000)
      .describe('CPU and wall time allowed, in milliseconds'),
    memoryMb: z.number().int().min(8).max(256).default(32).describe('Memory the code may use, in MB'),
  })
  .strict();

function eventBody(trigger: unknown): unknown {
  return trigger && typeof trigger === 'object' && 'body' in trigger ? (trigger as { body: unknown }).body : null;
}

export default defineNode({
  type: 'code.js',
  typeVersion: 1,
  title: 'JavaScript',
  category: 'code',
  description: 'Runs a short JavaScript function in an isolated sandbox with CPU, wall-time and memory limits.',
  ports: PORTS.step,
  config,
  async execute(ctx, input, c) {
    const { runInSandbox } = await import('./sandbox.ts');
    return runInSandbox(ctx, c.code, input, eventBody(ctx.trigger), { timeoutMs: c.timeoutMs, memoryMb: c.memoryMb });
  },
});

import { z } from 'zod';
import { defineNode, PORTS, wait } from '../define-node.ts';
import { WeftError, ErrorCodes } from '../../shared/errors.ts';

const config = z
  .object({
    forMs: z
      .number()
      .int()
      .min(0)
      .max(366 * 86_400_000)
      .optional()
      .describe('How long to wait, in milliseconds (e.g. 86400000 for a day)'),
    until: z
      .string()
      .min(1)
      .max(100)
      .optional()
      .describe('Wait until this ISO 8601 time, e.g. "=$trigger.body.invoice.dueDate & \'T09:00:00Z\'"'),
  })
  .strict()
  .refine((c) => (c.forMs === undefined) !== (c.until === undefined), { message: 'set either forMs or until' });

export default defineNode({
  type: 'control.delay',
  typeVersion: 1,
  title: 'Delay',
  category: 'control',
  description:
    'Waits a duration or until a time, then passes its input on. The run holds no worker while it waits, and the wait survives restarts.',
  ports: PORTS.step,
  config,
  async execute(ctx, _input, c) {
    if (c.forMs !== undefined) return wait({ until: ctx.now() + c.forMs });
    const at = Date.parse(c.until!);
    if (Number.isNaN(at))
      throw new WeftError(ErrorCodes.config, `until "${c.until}" is not an ISO 8601 time`, { retryable: false });
    return wait({ until: at });
  },
});

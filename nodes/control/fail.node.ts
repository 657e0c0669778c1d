import { z } from 'zod';
import { defineNode, PORTS } from '../define-node.ts';
import { WeftError, ErrorCodes } from '../../shared/errors.ts';

const config = z
  .object({
    message: z.string().min(1).max(2000).describe('Why the run fails; shown on the run and its failed step'),
    code: z
      .string()
      .min(1)
      .max(80)
      .regex(/^[A-Za-z0-9_.-]+$/, 'use letters, digits, "_", "." or "-"')
      .default(ErrorCodes.flowFailed)
      .describe('Error code recorded on the run, for filtering and alerts'),
    details: z.unknown().optional().describe('Extra data stored with the error'),
  })
  .strict();

export default defineNode({
  type: 'control.fail',
  typeVersion: 1,
  title: 'Fail',
  category: 'control',
  description: 'Stops the run as failed with the given message and code. Not retried.',
  ports: PORTS.sink,
  config,
  async execute(_ctx, _input, c) {
    throw new WeftError(c.code, c.message, { retryable: false, details: c.details });
  },
});

import { z } from 'zod';
import { defineNode, wait } from '../define-node.ts';

const config = z
  .object({
    prompt: z
      .string()
      .min(1)
      .max(2000)
      .describe("What the operator is asked to decide, e.g. \"='Invoice ' & invoiceId & ' over 50,000: post it?'\""),
  })
  .strict();

export default defineNode({
  type: 'control.approval',
  typeVersion: 1,
  title: 'Approval',
  category: 'control',
  recorded: true,
  description:
    'Pauses the run until an operator approves or rejects it (POST /api/runs/:id/approve or /reject, with a comment). The input leaves by "approved" or "rejected". The wait survives restarts.',
  ports: { inputs: ['in'], outputs: ['approved', 'rejected'] },
  config,
  async execute(_ctx, _input, c) {
    return wait({ approval: { prompt: c.prompt } });
  },
});

import { Hono } from 'hono';
import { z } from 'zod';
import { readJson, readQuery } from '../kit/body.ts';
import { conflict, notFound } from '../kit/errors.ts';
import { nextId } from '../kit/ids.ts';
import { currencySchema, dateSchema, moneySchema } from '../kit/money.ts';
import type { System, SystemDef } from '../kit/system.ts';
import type { SysEnv } from '../kit/types.ts';
import { seedClm } from './seed.ts';
import { FEE_MODELS, FREQUENCIES, type ClmStore, type Contract } from './types.ts';

export const contractCreate = z.strictObject({
  number: z.string().min(1).optional(),
  title: z.string().min(1),
  counterparty: z.strictObject({ name: z.string().min(1), crmAccountId: z.string().min(1) }),
  opportunityId: z.string().nullable().default(null),
  effectiveDate: dateSchema,
  endDate: dateSchema.nullable().default(null),
  currency: currencySchema,
  terms: z.strictObject({
    feeModel: z.enum(FEE_MODELS),
    totalValue: moneySchema,
    paymentTermsDays: z.number().int().min(0).default(30),
    billingFrequency: z.enum(FREQUENCIES),
    rateCard: z.array(z.strictObject({ role: z.string().min(1), hourlyRate: moneySchema })).default([]),
    capHours: z.number().positive().nullable().default(null),
    milestones: z
      .array(
        z.strictObject({
          code: z.string().min(1),
          title: z.string().min(1),
          amount: moneySchema,
          acceptanceCriteria: z.string().default(''),
        }),
      )
      .default([]),
    workstreams: z.array(z.strictObject({ code: z.string().min(1), name: z.string().min(1) })).default([]),
  }),
});

export const listQuery = z.object({
  opportunityId: z.string().optional(),
  status: z.enum(['draft', 'executed']).optional(),
});

function routes(sys: System<ClmStore>): Hono<SysEnv> {
  const api = new Hono<SysEnv>();
  const s = sys.store;
  const get = (id: string): Contract => {
    const x = s.contracts.get(id);
    if (!x) throw notFound('contract', id);
    return x;
  };

  api.get('/contracts', (c) => {
    const q = readQuery(c, listQuery);
    const contracts = [...s.contracts.values()].filter(
      (x) =>
        (q.opportunityId === undefined || x.opportunityId === q.opportunityId) &&
        (q.status === undefined || x.status === q.status),
    );
    return c.json({ contracts });
  });
  api.get('/contracts/:id', (c) => c.json(get(c.req.param('id'))));
  api.post('/contracts', async (c) => {
    const { number, ...b } = await readJson(c, contractCreate);
    const id = nextId(s.seq, 'contract', 'CTR-');
    s.seq.number += 1;
    const num = number ?? `MSA-2025-${String(s.seq.number).padStart(4, '0')}`;
    const { title, ...rest } = b;
    const x: Contract = { id, number: num, title, status: 'draft', ...rest, executedAt: null };
    s.contracts.set(id, x);
    return c.json(x, 201);
  });
  api.post('/contracts/:id/execute', (c) => {
    const x = get(c.req.param('id'));
    if (x.status === 'executed')
      throw conflict('invalid_state', `contract "${x.id}" is already executed`, { contract: x });
    x.status = 'executed';
    x.executedAt = new Date(sys.clock.now()).toISOString();
    sys.emit('clm/contract-executed', 'contract.executed', { contract: x });
    return c.json(x);
  });
  return api;
}

export const clm: SystemDef<ClmStore> = {
  name: 'clm',
  basePath: '/api',
  seed: seedClm,
  counts: (s) => ({ contracts: s.contracts.size }),
  routes,
};

import { z } from 'zod';
import { currencySchema, dateSchema } from '../kit/money.ts';
import { badRequest, conflictAnswer, moneyOut, notFoundAnswer, type Operation } from '../kit/openapi.ts';
import { contractCreate, listQuery } from './app.ts';
import { FEE_MODELS, FREQUENCIES } from './types.ts';

const contract = z.strictObject({
  id: z.string(),
  number: z.string(),
  title: z.string(),
  status: z.enum(['draft', 'executed']),
  counterparty: z.strictObject({ name: z.string(), crmAccountId: z.string() }),
  opportunityId: z.string().nullable(),
  effectiveDate: dateSchema,
  endDate: dateSchema.nullable(),
  currency: currencySchema,
  terms: z.strictObject({
    feeModel: z.enum(FEE_MODELS),
    totalValue: moneyOut,
    paymentTermsDays: z.number().int(),
    billingFrequency: z.enum(FREQUENCIES),
    rateCard: z.array(z.strictObject({ role: z.string(), hourlyRate: moneyOut })),
    capHours: z.number().nullable(),
    milestones: z.array(
      z.strictObject({ code: z.string(), title: z.string(), amount: moneyOut, acceptanceCriteria: z.string() }),
    ),
    workstreams: z.array(z.strictObject({ code: z.string(), name: z.string() })),
  }),
  executedAt: z.iso.datetime().nullable(),
});

const id = { id: 'Contract id' };

/** Every route of the CLM's API. */
export const clmOperations: Operation[] = [
  {
    method: 'get',
    path: '/contracts',
    operationId: 'listContracts',
    summary: 'List contracts, optionally of one opportunity or in one status',
    query: listQuery,
    responses: {
      200: { description: 'The contracts', schema: z.strictObject({ contracts: z.array(contract) }) },
      400: badRequest,
    },
  },
  {
    method: 'get',
    path: '/contracts/:id',
    operationId: 'getContract',
    summary: 'Get a contract by id',
    params: id,
    responses: { 200: { description: 'The contract', schema: contract }, 404: notFoundAnswer },
  },
  {
    method: 'post',
    path: '/contracts',
    operationId: 'createContract',
    summary: 'Create a draft contract (a number is assigned when none is given)',
    body: contractCreate,
    responses: { 201: { description: 'The draft contract', schema: contract }, 400: badRequest },
  },
  {
    method: 'post',
    path: '/contracts/:id/execute',
    operationId: 'executeContract',
    summary: 'Execute a draft contract (emits contract.executed)',
    params: id,
    responses: {
      200: { description: 'The executed contract', schema: contract },
      404: notFoundAnswer,
      409: conflictAnswer,
    },
  },
];

export const clmOpenApi = {
  title: 'Sample CLM',
  description: 'Contracts (master services agreements and their terms) of the sample contract lifecycle system',
  operations: clmOperations,
};

import { z } from 'zod';
import { currencySchema, moneySchema } from '../kit/money.ts';
import { FREQUENCIES } from './types.ts';

export const accountCreate = z.strictObject({
  erpCustomerNo: z.string().min(1),
  crmAccountId: z.string().min(1).nullable().default(null),
  name: z.string().min(1),
  currency: currencySchema,
  paymentTermsDays: z.number().int().min(0).default(30),
});

export const scheduleCreate = z.strictObject({
  accountId: z.string().min(1),
  projectCode: z.string().min(1),
  frequency: z.enum(FREQUENCIES),
  currency: currencySchema.optional(),
  items: z.array(z.strictObject({ due: z.string().min(1), amount: moneySchema })),
});

export const rateCardCreate = z.strictObject({
  projectCode: z.string().min(1),
  currency: currencySchema,
  rates: z.array(z.strictObject({ role: z.string().min(1), hourlyRate: moneySchema })).min(1),
  capHours: z.number().positive().nullable().default(null),
});

export const invoiceLineCreate = z.strictObject({
  accountId: z.string().min(1),
  projectCode: z.string().min(1),
  description: z.string().default(''),
  quantity: z.number().positive(),
  unitPrice: moneySchema,
  currency: currencySchema.optional(),
  sourceRef: z.string().nullable().default(null),
});

export const heldLineCreate = z.strictObject({
  projectCode: z.string().min(1),
  sourceRef: z.string().nullable().default(null),
  reason: z.string().min(1),
  quantity: z.number().min(0).default(0),
});

export const invoiceCreate = z.strictObject({
  projectCode: z.string().min(1),
  accountId: z.string().min(1).optional(),
});

export const byProject = z.object({ projectCode: z.string().optional() });
export const invoiceQuery = z.object({
  projectCode: z.string().optional(),
  accountId: z.string().optional(),
  status: z.enum(['draft', 'posted', 'paid']).optional(),
});
export const accountQuery = z.object({ crmAccountId: z.string().optional(), erpCustomerNo: z.string().optional() });

import { z } from 'zod';
import { currencySchema, minorSchema } from '../kit/money.ts';

const opt = z.string().nullable().optional();

/** Shape only: the business rules (entity, region, currency, name) answer 422, see customers.ts. */
export const customerCreate = z.strictObject({
  externalRef: z.string().nullable().default(null),
  name: z.string().optional(),
  legalEntity: z.string().optional(),
  taxRegion: z.string().optional(),
  currency: z.string().optional(),
  address: z.strictObject({ street: opt, city: opt, postalCode: opt, country: opt }).default({}),
});

export const projectCreate = z.strictObject({
  code: z.string().min(1),
  name: z.string().min(1),
  customerNo: z.string().min(1),
  parentProjectNo: z.string().min(1).nullable().default(null),
  budgetMinor: minorSchema.min(0).default(0),
  currency: currencySchema.optional(),
  status: z.string().min(1).default('open'),
});

export const journalEntryCreate = z.strictObject({
  projectCode: z.string().min(1),
  account: z.string().min(1).default('5000-Labour'),
  amountMinor: minorSchema,
  currency: currencySchema,
  sourceRef: z.string().nullable().default(null),
  description: z.string().default(''),
});

export const revenueScheduleCreate = z.strictObject({
  projectCode: z.string().min(1),
  currency: currencySchema,
  lines: z
    .array(
      z.strictObject({
        period: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a period YYYY-MM'),
        amountMinor: minorSchema,
      }),
    )
    .min(1),
});

export const invoiceCreate = z.strictObject({
  invoiceNo: z.string().min(1).optional(),
  projectCode: z.string().min(1),
  amountMinor: minorSchema,
  currency: currencySchema,
});

/** A canonical Expense line (shared/canonical Expense) as the expense posting takes it. */
const expenseLine = z.strictObject({
  id: z.string().min(1).max(200),
  projectCode: z.string().min(1).max(64),
  consultant: z.string().min(1).max(200),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD'),
  category: z.enum(['travel', 'lodging', 'meals', 'mileage', 'software', 'other']),
  description: z.string().max(2000).optional(),
  amount: z.string().regex(/^-?\d{1,13}(\.\d{1,2})?$/, 'must be a decimal amount with at most two places'),
  currency: currencySchema,
  taxAmount: z.string().optional(),
  billable: z.boolean(),
  status: z.string().min(1),
  receiptUrl: z.string().optional(),
});

/** A batch of expenses to post (e.g. one batch of a payroll/expense file); sourceRef makes posting it again harmless. */
export const expensePostingCreate = z.strictObject({
  sourceRef: z.string().min(1).max(500),
  expenses: z.array(expenseLine).max(5000),
});

export const byProjectCode = z.object({ projectCode: z.string().optional() });
export const customerQuery = z.object({ externalRef: z.string().optional() });
export const projectQuery = z.object({ code: z.string().optional() });

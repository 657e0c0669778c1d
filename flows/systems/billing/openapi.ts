import { z } from 'zod';
import { currencySchema } from '../kit/money.ts';
import { badRequest, conflictAnswer, moneyOut, notFoundAnswer, type Operation, unprocessable } from '../kit/openapi.ts';
import { lineQuery } from './lines.ts';
import {
  accountCreate,
  accountQuery,
  byProject,
  heldLineCreate,
  invoiceCreate,
  invoiceLineCreate,
  invoiceQuery,
  rateCardCreate,
  scheduleCreate,
} from './schemas.ts';
import { FREQUENCIES } from './types.ts';

const account = z.strictObject({
  accountId: z.string(),
  erpCustomerNo: z.string(),
  crmAccountId: z.string().nullable(),
  name: z.string(),
  currency: currencySchema,
  paymentTermsDays: z.number().int(),
});
const receivables = z.strictObject({
  accountId: z.string(),
  openAmount: moneyOut,
  currency: currencySchema,
  openInvoices: z.number().int(),
});
const schedule = z.strictObject({
  scheduleId: z.string(),
  accountId: z.string(),
  projectCode: z.string(),
  frequency: z.enum(FREQUENCIES),
  currency: currencySchema,
  items: z.array(z.strictObject({ due: z.string(), amount: moneyOut })),
});
const rateCard = z.strictObject({
  id: z.string(),
  projectCode: z.string(),
  currency: currencySchema,
  rates: z.array(z.strictObject({ role: z.string(), hourlyRate: moneyOut })),
  capHours: z.number().nullable(),
});
const invoiceLine = z.strictObject({
  lineId: z.string(),
  accountId: z.string(),
  projectCode: z.string(),
  description: z.string(),
  quantity: z.number(),
  unitPrice: moneyOut,
  amount: moneyOut,
  currency: currencySchema,
  sourceRef: z.string().nullable(),
  status: z.enum(['pending', 'invoiced']),
});
const heldLine = z.strictObject({
  id: z.string(),
  projectCode: z.string(),
  sourceRef: z.string().nullable(),
  reason: z.string(),
  quantity: z.number(),
  createdAt: z.iso.datetime(),
});
const invoice = z.strictObject({
  invoiceId: z.string(),
  accountId: z.string(),
  projectCode: z.string(),
  currency: currencySchema,
  total: moneyOut,
  lineIds: z.array(z.string()),
  status: z.enum(['draft', 'posted', 'paid']),
  postedAt: z.iso.datetime().nullable(),
});

const list = (key: string, item: z.ZodType) => ({
  description: `The ${key}`,
  schema: z.strictObject({ [key]: z.array(item) }),
});
const one = (description: string, schema: z.ZodType) => ({ description, schema });
const id = (what: string) => ({ id: `${what} id` });

/** Every route of the billing system's API. */
export const billingOperations: Operation[] = [
  {
    method: 'get',
    path: '/accounts',
    operationId: 'listAccounts',
    summary: 'List billing accounts, optionally by CRM account or ERP customer',
    query: accountQuery,
    responses: { 200: list('accounts', account), 400: badRequest },
  },
  {
    method: 'get',
    path: '/accounts/:id',
    operationId: 'getAccount',
    summary: 'Get a billing account',
    params: id('Billing account'),
    responses: { 200: one('The account', account), 404: notFoundAnswer },
  },
  {
    method: 'post',
    path: '/accounts',
    operationId: 'createAccount',
    summary: 'Create a billing account (one per ERP customer)',
    body: accountCreate,
    responses: { 201: one('The created account', account), 400: badRequest, 409: conflictAnswer },
  },
  {
    method: 'get',
    path: '/accounts/:id/receivables',
    operationId: 'getReceivables',
    summary: "An account's open receivables: posted, unpaid invoices",
    params: id('Billing account'),
    responses: { 200: one('The open amount and count', receivables), 404: notFoundAnswer },
  },
  {
    method: 'get',
    path: '/schedules',
    operationId: 'listSchedules',
    summary: 'List billing schedules, optionally of one project',
    query: byProject,
    responses: { 200: list('schedules', schedule), 400: badRequest },
  },
  {
    method: 'post',
    path: '/schedules',
    operationId: 'createSchedule',
    summary: 'Create a billing schedule for a project',
    body: scheduleCreate,
    responses: { 201: one('The created schedule', schedule), 400: badRequest, 422: unprocessable },
  },
  {
    method: 'get',
    path: '/rate-cards',
    operationId: 'listRateCards',
    summary: 'List rate cards, optionally of one project',
    query: byProject,
    responses: { 200: list('rateCards', rateCard), 400: badRequest },
  },
  {
    method: 'post',
    path: '/rate-cards',
    operationId: 'createRateCard',
    summary: "Create a project's rate card",
    body: rateCardCreate,
    responses: { 201: one('The created rate card', rateCard), 400: badRequest },
  },
  {
    method: 'get',
    path: '/invoice-lines',
    operationId: 'listInvoiceLines',
    summary: 'List invoice lines by project, account and status',
    query: lineQuery,
    responses: { 200: list('invoiceLines', invoiceLine), 400: badRequest },
  },
  {
    method: 'post',
    path: '/invoice-lines',
    operationId: 'createInvoiceLine',
    summary: 'Add a pending invoice line (amount = quantity × unit price, in whole cents)',
    body: invoiceLineCreate,
    responses: { 201: one('The pending line', invoiceLine), 400: badRequest, 422: unprocessable },
  },
  {
    method: 'get',
    path: '/held-lines',
    operationId: 'listHeldLines',
    summary: 'List held lines (work that may not be billed yet), optionally of one project',
    query: byProject,
    responses: { 200: list('heldLines', heldLine), 400: badRequest },
  },
  {
    method: 'post',
    path: '/held-lines',
    operationId: 'createHeldLine',
    summary: 'Hold back work from billing, with the reason',
    body: heldLineCreate,
    responses: { 201: one('The held line', heldLine), 400: badRequest },
  },
  {
    method: 'get',
    path: '/invoices',
    operationId: 'listInvoices',
    summary: 'List invoices by project, account and status',
    query: invoiceQuery,
    responses: { 200: list('invoices', invoice), 400: badRequest },
  },
  {
    method: 'get',
    path: '/invoices/:id',
    operationId: 'getInvoice',
    summary: 'Get an invoice',
    params: id('Invoice'),
    responses: { 200: one('The invoice', invoice), 404: notFoundAnswer },
  },
  {
    method: 'post',
    path: '/invoices',
    operationId: 'createInvoice',
    summary: "Draft an invoice from a project's pending lines",
    body: invoiceCreate,
    responses: { 201: one('The draft invoice', invoice), 400: badRequest, 422: unprocessable },
  },
  {
    method: 'post',
    path: '/invoices/:id/post',
    operationId: 'postInvoice',
    summary: 'Post a draft invoice (emits invoice.posted)',
    params: id('Invoice'),
    responses: { 200: one('The posted invoice', invoice), 404: notFoundAnswer, 409: conflictAnswer },
  },
  {
    method: 'post',
    path: '/invoices/:id/pay',
    operationId: 'payInvoice',
    summary: 'Mark a posted invoice paid',
    params: id('Invoice'),
    responses: { 200: one('The paid invoice', invoice), 404: notFoundAnswer, 409: conflictAnswer },
  },
];

export const billingOpenApi = {
  title: 'Sample billing',
  description: 'Billing accounts, schedules, rate cards, invoice lines, held lines and invoices',
  operations: billingOperations,
};

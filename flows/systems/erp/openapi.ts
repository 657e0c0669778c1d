import { z } from 'zod';
import { currencySchema } from '../kit/money.ts';
import { badRequest, conflictAnswer, notFoundAnswer, type Operation, unprocessable } from '../kit/openapi.ts';
import {
  byProjectCode,
  customerCreate,
  customerQuery,
  expensePostingCreate,
  invoiceCreate,
  journalEntryCreate,
  projectCreate,
  projectQuery,
  revenueScheduleCreate,
} from './schemas.ts';

const opt = z.string().nullable();
const customer = z.strictObject({
  customerNo: z.string(),
  externalRef: z.string().nullable(),
  name: z.string(),
  legalEntity: z.string(),
  taxRegion: z.string(),
  currency: currencySchema,
  address: z.strictObject({ street: opt, city: opt, postalCode: opt, country: opt }),
});
const project = z.strictObject({
  projectNo: z.string(),
  code: z.string(),
  name: z.string(),
  customerNo: z.string(),
  parentProjectNo: z.string().nullable(),
  budgetMinor: z.number().int(),
  currency: currencySchema,
  status: z.string(),
});
const journalEntry = z.strictObject({
  entryNo: z.string(),
  projectCode: z.string(),
  account: z.string(),
  amountMinor: z.number().int(),
  currency: currencySchema,
  sourceRef: z.string().nullable(),
  description: z.string(),
});
const revenueSchedule = z.strictObject({
  id: z.string(),
  projectCode: z.string(),
  currency: currencySchema,
  lines: z.array(z.strictObject({ period: z.string(), amountMinor: z.number().int() })),
});
const invoice = z.strictObject({
  invoiceNo: z.string(),
  projectCode: z.string(),
  amountMinor: z.number().int(),
  currency: currencySchema,
});
const expensePosting = z.strictObject({
  postingNo: z.string(),
  sourceRef: z.string(),
  count: z.number().int(),
  totals: z.record(z.string(), z.number().int()).describe('Cents per "projectCode currency"'),
});

const list = (key: string, item: z.ZodType) => ({
  description: `The ${key}`,
  schema: z.strictObject({ [key]: z.array(item) }),
});
const one = (description: string, schema: z.ZodType) => ({ description, schema });
const batchBody = z.object({ projects: z.array(projectCreate).min(1).max(100) });

/** Every route of the ERP's API. */
export const erpOperations: Operation[] = [
  {
    method: 'get',
    path: '/customers',
    operationId: 'listCustomers',
    summary: 'List customers, optionally by external (CRM) reference',
    query: customerQuery,
    responses: { 200: list('customers', customer), 400: badRequest },
  },
  {
    method: 'get',
    path: '/customers/:customerNo',
    operationId: 'getCustomer',
    summary: 'Get a customer by number',
    params: { customerNo: 'Customer number' },
    responses: { 200: one('The customer', customer), 404: notFoundAnswer },
  },
  {
    method: 'post',
    path: '/customers',
    operationId: 'createCustomer',
    summary: 'Create a customer (legal entity, tax region, currency and name are checked: 422)',
    body: customerCreate,
    responses: { 201: one('The created customer', customer), 400: badRequest, 422: unprocessable },
  },
  {
    method: 'get',
    path: '/projects',
    operationId: 'listProjects',
    summary: 'List projects, optionally by code',
    query: projectQuery,
    responses: { 200: list('projects', project), 400: badRequest },
  },
  {
    method: 'get',
    path: '/projects/:projectNo',
    operationId: 'getProject',
    summary: 'Get a project by number',
    params: { projectNo: 'Project number' },
    responses: { 200: one('The project', project), 404: notFoundAnswer },
  },
  {
    method: 'post',
    path: '/projects',
    operationId: 'createProject',
    summary: 'Create a project for a customer (its code must be new)',
    body: projectCreate,
    responses: {
      201: one('The created project', project),
      400: badRequest,
      409: conflictAnswer,
      422: unprocessable,
    },
  },
  {
    method: 'post',
    path: '/projects/batch',
    operationId: 'createProjects',
    summary: 'Create several projects at once: all of them or none',
    body: batchBody,
    responses: {
      201: list('projects', project),
      400: badRequest,
      409: conflictAnswer,
      422: unprocessable,
    },
  },
  {
    method: 'get',
    path: '/journal-entries',
    operationId: 'listJournalEntries',
    summary: 'List journal entries, optionally of one project',
    query: byProjectCode,
    responses: { 200: list('journalEntries', journalEntry), 400: badRequest },
  },
  {
    method: 'post',
    path: '/journal-entries',
    operationId: 'createJournalEntry',
    summary: 'Book a journal entry (minor units)',
    body: journalEntryCreate,
    responses: { 201: one('The booked entry', journalEntry), 400: badRequest },
  },
  {
    method: 'get',
    path: '/revenue-schedules',
    operationId: 'listRevenueSchedules',
    summary: 'List revenue schedules, optionally of one project',
    query: byProjectCode,
    responses: { 200: list('revenueSchedules', revenueSchedule), 400: badRequest },
  },
  {
    method: 'post',
    path: '/revenue-schedules',
    operationId: 'createRevenueSchedule',
    summary: 'Create a revenue schedule (amounts per period YYYY-MM)',
    body: revenueScheduleCreate,
    responses: { 201: one('The created schedule', revenueSchedule), 400: badRequest },
  },
  {
    method: 'get',
    path: '/invoices',
    operationId: 'listInvoices',
    summary: 'List ERP invoices, optionally of one project',
    query: byProjectCode,
    responses: { 200: list('invoices', invoice), 400: badRequest },
  },
  {
    method: 'post',
    path: '/invoices',
    operationId: 'createInvoice',
    summary: 'Record an invoice (an invoiceNo given twice is a conflict)',
    body: invoiceCreate,
    responses: { 201: one('The recorded invoice', invoice), 400: badRequest, 409: conflictAnswer },
  },
  {
    method: 'get',
    path: '/expense-postings',
    operationId: 'listExpensePostings',
    summary: 'List posted expense batches',
    responses: { 200: list('expensePostings', expensePosting) },
  },
  {
    method: 'post',
    path: '/expense-postings',
    operationId: 'postExpenses',
    summary: 'Post a batch of approved expenses; the same sourceRef again answers the first posting',
    body: expensePostingCreate,
    responses: {
      200: one('The batch was posted before: the first posting', expensePosting),
      201: one('The posting: its lines summed per project and currency', expensePosting),
      400: badRequest,
    },
  },
];

export const erpOpenApi = {
  title: 'Sample ERP',
  description: 'Customers, projects, journal entries, revenue schedules, invoices and expense postings',
  operations: erpOperations,
};

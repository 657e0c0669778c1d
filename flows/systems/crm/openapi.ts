import { z } from 'zod';
import { currencySchema, dateSchema } from '../kit/money.ts';
import { badRequest, moneyOut, notFoundAnswer, type Operation, rateLimited, unprocessable } from '../kit/openapi.ts';
import {
  accountCreate,
  accountPatch,
  contactCreate,
  contactPatch,
  opportunityCreate,
  opportunityPatch,
} from './schemas.ts';
import { BILLING_FREQUENCIES, STAGES } from './types.ts';

const text = z.string().nullable();
const account = z.strictObject({
  Id: z.string(),
  Name: z.string(),
  Legal_Entity__c: text,
  Tax_Region__c: text,
  CurrencyIsoCode: currencySchema,
  BillingStreet: text,
  BillingCity: text,
  BillingPostalCode: text,
  BillingCountry: text,
  Invoice_Status__c: text,
  Open_Receivables__c: moneyOut,
  Last_Invoice_Number__c: text,
});
const contact = z.strictObject({
  Id: z.string(),
  AccountId: z.string(),
  FirstName: text,
  LastName: z.string(),
  Email: text,
  Title: text,
});
const opportunity = z.strictObject({
  Id: z.string(),
  AccountId: z.string(),
  Name: z.string(),
  StageName: z.enum(STAGES),
  Amount: moneyOut,
  CurrencyIsoCode: currencySchema,
  CloseDate: dateSchema.nullable(),
  Service_Line__c: text,
  Region__c: text,
  Start_Date__c: dateSchema.nullable(),
  End_Date__c: dateSchema.nullable(),
  Billing_Frequency__c: z.enum(BILLING_FREQUENCIES).nullable(),
  Project_Code__c: text,
  ERP_Status__c: text,
  LineItems: z.array(z.strictObject({ Name: z.string(), Quantity: z.number(), UnitPrice: moneyOut, Role: text })),
});
const created = z.strictObject({ id: z.string(), success: z.literal(true), errors: z.array(z.unknown()) });
/** GET /query/opportunities filters by stage as given (any text). */
export const opportunityQuery = z.object({
  stage: z.string().describe('Only opportunities in this StageName').optional(),
});

const id = (what: string) => ({ id: `${what} Id` });
const updated = { description: 'Updated; no body' };

/** One sObject's get, create and update. */
function sObject(
  name: 'Account' | 'Contact' | 'Opportunity',
  record: z.ZodType,
  create: z.ZodType,
  patch: z.ZodType,
  checksAccount: boolean,
): Operation[] {
  const refs: Operation['responses'] = checksAccount ? { 422: unprocessable } : {};
  return [
    {
      method: 'get',
      path: `/sobjects/${name}/:id`,
      operationId: `get${name}`,
      summary: `Get ${name === 'Contact' ? 'a' : 'an'} ${name} by Id`,
      params: id(name),
      responses: { 200: { description: `The ${name}`, schema: record }, 404: notFoundAnswer },
    },
    {
      method: 'post',
      path: `/sobjects/${name}`,
      operationId: `create${name}`,
      summary: `Create ${name === 'Contact' ? 'a' : 'an'} ${name}`,
      body: create,
      responses: { 201: { description: 'Created: its new Id', schema: created }, 400: badRequest, ...refs },
    },
    {
      method: 'patch',
      path: `/sobjects/${name}/:id`,
      operationId: `update${name}`,
      summary: `Update some fields of ${name === 'Contact' ? 'a' : 'an'} ${name}`,
      params: id(name),
      body: patch,
      responses: { 204: updated, 400: badRequest, 404: notFoundAnswer, ...refs },
    },
  ];
}

/** Every route of the CRM's API; each may answer 429 when the client exceeds the rate limit. */
const operations: Operation[] = [
  ...sObject('Account', account, accountCreate, accountPatch, false),
  ...sObject('Contact', contact, contactCreate, contactPatch, true),
  ...sObject('Opportunity', opportunity, opportunityCreate, opportunityPatch, true),
  {
    method: 'get',
    path: '/query/opportunities',
    operationId: 'queryOpportunities',
    summary: 'List opportunities, optionally in one stage',
    query: opportunityQuery,
    responses: { 200: { description: 'The opportunities', schema: z.strictObject({ records: z.array(opportunity) }) } },
  },
];
export const crmOperations: Operation[] = operations.map((op) => ({
  ...op,
  responses: { ...op.responses, 429: rateLimited },
}));

export const crmOpenApi = {
  title: 'Sample CRM',
  description: 'Salesforce-like accounts, contacts and opportunities of the sample CRM',
  operations: crmOperations,
};

import { z } from 'zod';
import { currencySchema, dateSchema, moneySchema } from '../kit/money.ts';
import { BILLING_FREQUENCIES, STAGES } from './types.ts';

const text = z.string().nullable();

/** Writable Account fields (Id is assigned). Unknown fields are rejected. */
export const accountFields = z.strictObject({
  Name: z.string().min(1),
  Legal_Entity__c: text,
  Tax_Region__c: text,
  CurrencyIsoCode: currencySchema,
  BillingStreet: text,
  BillingCity: text,
  BillingPostalCode: text,
  BillingCountry: text,
  Invoice_Status__c: text,
  Open_Receivables__c: moneySchema,
  Last_Invoice_Number__c: text,
});
export const accountCreate = accountFields.partial().required({ Name: true });
export const accountPatch = accountFields.partial();

export const contactFields = z.strictObject({
  AccountId: z.string().min(1),
  FirstName: text,
  LastName: z.string().min(1),
  Email: z.email().nullable(),
  Title: text,
});
export const contactCreate = contactFields.partial().required({ AccountId: true, LastName: true });
export const contactPatch = contactFields.partial();

const lineItem = z.strictObject({
  Name: z.string().min(1),
  Quantity: z.number().positive(),
  UnitPrice: moneySchema,
  Role: text.default(null),
});

export const opportunityFields = z.strictObject({
  AccountId: z.string().min(1),
  Name: z.string().min(1),
  StageName: z.enum(STAGES),
  Amount: moneySchema,
  CurrencyIsoCode: currencySchema,
  CloseDate: dateSchema.nullable(),
  Service_Line__c: text,
  Region__c: text,
  Start_Date__c: dateSchema.nullable(),
  End_Date__c: dateSchema.nullable(),
  Billing_Frequency__c: z.enum(BILLING_FREQUENCIES).nullable(),
  Project_Code__c: text,
  ERP_Status__c: text,
  LineItems: z.array(lineItem),
});
export const opportunityCreate = opportunityFields.partial().required({ AccountId: true, Name: true, StageName: true });
export const opportunityPatch = opportunityFields.partial();

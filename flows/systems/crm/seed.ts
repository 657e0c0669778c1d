import type { Account, Contact, CrmStore, Opportunity } from './types.ts';

/** An account with every field present, in the documented order. */
export const blankAccount = (Id: string): Account => ({
  Id,
  Name: '',
  Legal_Entity__c: null,
  Tax_Region__c: null,
  CurrencyIsoCode: 'USD',
  BillingStreet: null,
  BillingCity: null,
  BillingPostalCode: null,
  BillingCountry: null,
  Invoice_Status__c: null,
  Open_Receivables__c: '0.00',
  Last_Invoice_Number__c: null,
});

/** An opportunity with every field present, in the documented order. */
export const blankOpportunity = (Id: string, AccountId: string, CurrencyIsoCode: string): Opportunity => ({
  Id,
  AccountId,
  Name: '',
  StageName: 'Prospecting',
  Amount: '0.00',
  CurrencyIsoCode,
  CloseDate: null,
  Service_Line__c: null,
  Region__c: null,
  Start_Date__c: null,
  End_Date__c: null,
  Billing_Frequency__c: null,
  Project_Code__c: null,
  ERP_Status__c: null,
  LineItems: [],
});

const account = (
  a: Pick<Account, 'Id' | 'Name' | 'Legal_Entity__c' | 'Tax_Region__c' | 'CurrencyIsoCode'> & Partial<Account>,
): Account => Object.assign(blankAccount(a.Id), a);

type SeedOpportunity = Omit<
  Opportunity,
  'Project_Code__c' | 'ERP_Status__c' | 'CloseDate' | 'Start_Date__c' | 'End_Date__c'
>;
const opportunity = (o: SeedOpportunity): Opportunity =>
  Object.assign(
    blankOpportunity(o.Id, o.AccountId, o.CurrencyIsoCode),
    { CloseDate: '2025-03-31', Start_Date__c: '2025-04-01', End_Date__c: '2025-12-31' },
    o,
  );

const item = (Name: string, Quantity: number, UnitPrice: string, Role: string) => ({ Name, Quantity, UnitPrice, Role });

export function seedCrm(): CrmStore {
  const accounts: Account[] = [
    account({
      Id: 'ACC-1001',
      Name: 'Northwind Legal LLP',
      Legal_Entity__c: 'NW-UK',
      Tax_Region__c: 'GB',
      CurrencyIsoCode: 'GBP',
      BillingStreet: '1 Fleet Street',
      BillingCity: 'London',
      BillingPostalCode: 'EC4Y 1AA',
      BillingCountry: 'United Kingdom',
    }),
    account({
      Id: 'ACC-1002',
      Name: 'Contoso Health GmbH',
      Legal_Entity__c: 'CT-DE',
      Tax_Region__c: 'DE',
      CurrencyIsoCode: 'EUR',
      BillingStreet: 'Friedrichstraße 100',
      BillingCity: 'Berlin',
      BillingPostalCode: '10117',
      BillingCountry: 'Germany',
    }),
    account({
      Id: 'ACC-1003',
      Name: 'Fabrikam Energy Inc',
      Legal_Entity__c: 'FB-US',
      Tax_Region__c: 'US-NY',
      CurrencyIsoCode: 'USD',
      BillingStreet: '350 Fifth Avenue',
      BillingCity: 'New York',
      BillingPostalCode: '10118',
      BillingCountry: 'United States',
    }),
    account({
      Id: 'ACC-1004',
      Name: 'Tailspin Retail SARL',
      Legal_Entity__c: 'TS-FR',
      Tax_Region__c: 'XX',
      CurrencyIsoCode: 'EUR',
      BillingStreet: '12 Rue de Rivoli',
      BillingCity: 'Paris',
      BillingPostalCode: '75004',
      BillingCountry: 'France',
    }),
  ];
  const contacts: Contact[] = [
    {
      Id: 'CON-4001',
      AccountId: 'ACC-1001',
      FirstName: 'Harriet',
      LastName: 'Cole',
      Email: 'harriet.cole@northwind.example',
      Title: 'General Counsel',
    },
    {
      Id: 'CON-4002',
      AccountId: 'ACC-1002',
      FirstName: 'Jonas',
      LastName: 'Weber',
      Email: 'jonas.weber@contoso.example',
      Title: 'CIO',
    },
    {
      Id: 'CON-4003',
      AccountId: 'ACC-1003',
      FirstName: 'Maria',
      LastName: 'Lopez',
      Email: 'maria.lopez@fabrikam.example',
      Title: 'VP Operations',
    },
    {
      Id: 'CON-4004',
      AccountId: 'ACC-1004',
      FirstName: 'Claire',
      LastName: 'Martin',
      Email: 'claire.martin@tailspin.example',
      Title: 'CFO',
    },
  ];
  const opportunities: Opportunity[] = [
    opportunity({
      Id: 'OPP-2001',
      AccountId: 'ACC-1001',
      Name: 'Northwind — Regulatory Advisory 2025',
      StageName: 'Negotiation',
      Amount: '120000.00',
      CurrencyIsoCode: 'GBP',
      Service_Line__c: 'Advisory',
      Region__c: 'EMEA',
      Billing_Frequency__c: 'Monthly',
      LineItems: [
        item('Partner advisory', 100, '450.00', 'Partner'),
        item('Consultant delivery', 375, '200.00', 'Consultant'),
      ],
    }),
    opportunity({
      Id: 'OPP-2002',
      AccountId: 'ACC-1002',
      Name: 'Contoso — EHR Implementation',
      StageName: 'Proposal',
      Amount: '85000.00',
      CurrencyIsoCode: 'EUR',
      Service_Line__c: 'Implementation',
      Region__c: 'EMEA',
      Billing_Frequency__c: 'Milestone',
      LineItems: [item('Implementation (fixed fee)', 1, '85000.00', 'Consultant')],
    }),
    opportunity({
      Id: 'OPP-2003',
      AccountId: 'ACC-1003',
      Name: 'Fabrikam — Managed Grid Analytics',
      StageName: 'Negotiation',
      Amount: '240000.00',
      CurrencyIsoCode: 'USD',
      Service_Line__c: 'Managed Services',
      Region__c: 'AMER',
      Billing_Frequency__c: 'Quarterly',
      LineItems: [item('Managed service (quarter)', 4, '60000.00', 'Consultant')],
    }),
    opportunity({
      Id: 'OPP-2004',
      AccountId: 'ACC-1004',
      Name: 'Tailspin — Pricing Advisory',
      StageName: 'Negotiation',
      Amount: '40000.00',
      CurrencyIsoCode: 'EUR',
      Service_Line__c: 'Advisory',
      Region__c: 'EMEA',
      Billing_Frequency__c: 'Monthly',
      LineItems: [item('Advisory days', 25, '1600.00', 'Consultant')],
    }),
  ];
  return {
    accounts: new Map(accounts.map((a) => [a.Id, a])),
    contacts: new Map(contacts.map((c) => [c.Id, c])),
    opportunities: new Map(opportunities.map((o) => [o.Id, o])),
    seq: { account: 1004, contact: 4004, opportunity: 2004 },
  };
}

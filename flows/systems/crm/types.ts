/** Salesforce-like records, as stored and as answered. Money is a decimal string. */
export interface Account {
  Id: string;
  Name: string;
  Legal_Entity__c: string | null;
  Tax_Region__c: string | null;
  CurrencyIsoCode: string;
  BillingStreet: string | null;
  BillingCity: string | null;
  BillingPostalCode: string | null;
  BillingCountry: string | null;
  Invoice_Status__c: string | null;
  Open_Receivables__c: string;
  Last_Invoice_Number__c: string | null;
}

export interface Contact {
  Id: string;
  AccountId: string;
  FirstName: string | null;
  LastName: string;
  Email: string | null;
  Title: string | null;
}

export const STAGES = ['Prospecting', 'Proposal', 'Negotiation', 'Closed Won', 'Closed Lost'] as const;
export const BILLING_FREQUENCIES = ['Monthly', 'Quarterly', 'Milestone'] as const;

export interface LineItem {
  Name: string;
  Quantity: number;
  UnitPrice: string;
  Role: string | null;
}

export interface Opportunity {
  Id: string;
  AccountId: string;
  Name: string;
  StageName: (typeof STAGES)[number];
  Amount: string;
  CurrencyIsoCode: string;
  CloseDate: string | null;
  Service_Line__c: string | null;
  Region__c: string | null;
  Start_Date__c: string | null;
  End_Date__c: string | null;
  Billing_Frequency__c: (typeof BILLING_FREQUENCIES)[number] | null;
  Project_Code__c: string | null;
  ERP_Status__c: string | null;
  LineItems: LineItem[];
}

export interface CrmStore {
  accounts: Map<string, Account>;
  contacts: Map<string, Contact>;
  opportunities: Map<string, Opportunity>;
  seq: { account: number; contact: number; opportunity: number };
}

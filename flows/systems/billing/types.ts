export const FREQUENCIES = ['monthly', 'quarterly', 'milestone'] as const;

export interface BillingAccount {
  accountId: string;
  erpCustomerNo: string;
  crmAccountId: string | null;
  name: string;
  currency: string;
  paymentTermsDays: number;
}

export interface BillingSchedule {
  scheduleId: string;
  accountId: string;
  projectCode: string;
  frequency: (typeof FREQUENCIES)[number];
  currency: string;
  items: { due: string; amount: string }[];
}

export interface RateCard {
  id: string;
  projectCode: string;
  currency: string;
  rates: { role: string; hourlyRate: string }[];
  capHours: number | null;
}

export interface InvoiceLine {
  lineId: string;
  accountId: string;
  projectCode: string;
  description: string;
  quantity: number;
  unitPrice: string;
  amount: string;
  currency: string;
  sourceRef: string | null;
  status: 'pending' | 'invoiced';
}

export interface HeldLine {
  id: string;
  projectCode: string;
  sourceRef: string | null;
  reason: string;
  quantity: number;
  createdAt: string;
}

export interface Invoice {
  invoiceId: string;
  accountId: string;
  projectCode: string;
  currency: string;
  total: string;
  lineIds: string[];
  status: 'draft' | 'posted' | 'paid';
  postedAt: string | null;
}

export interface BillingStore {
  accounts: Map<string, BillingAccount>;
  schedules: Map<string, BillingSchedule>;
  rateCards: Map<string, RateCard>;
  invoiceLines: Map<string, InvoiceLine>;
  heldLines: Map<string, HeldLine>;
  invoices: Map<string, Invoice>;
  seq: { account: number; schedule: number; rateCard: number; line: number; held: number; invoice: number };
}

export const seedBilling = (): BillingStore => ({
  accounts: new Map(),
  schedules: new Map(),
  rateCards: new Map(),
  invoiceLines: new Map(),
  heldLines: new Map(),
  invoices: new Map(),
  seq: { account: 0, schedule: 0, rateCard: 0, line: 0, held: 0, invoice: 10000 },
});

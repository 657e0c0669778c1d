export const LEGAL_ENTITIES = ['NW-UK', 'CT-DE', 'FB-US', 'TS-FR'] as const;
export const TAX_REGIONS = ['GB', 'DE', 'US-NY', 'US-CA', 'FR'] as const;

export interface Customer {
  customerNo: string;
  externalRef: string | null;
  name: string;
  legalEntity: string;
  taxRegion: string;
  currency: string;
  address: { street: string | null; city: string | null; postalCode: string | null; country: string | null };
}

export interface ErpProject {
  projectNo: string;
  code: string;
  name: string;
  customerNo: string;
  parentProjectNo: string | null;
  /** Integer minor units. */
  budgetMinor: number;
  currency: string;
  status: string;
}

export interface JournalEntry {
  entryNo: string;
  projectCode: string;
  account: string;
  amountMinor: number;
  currency: string;
  sourceRef: string | null;
  description: string;
}

export interface RevenueSchedule {
  id: string;
  projectCode: string;
  currency: string;
  lines: { period: string; amountMinor: number }[];
}

export interface ErpInvoice {
  invoiceNo: string;
  projectCode: string;
  amountMinor: number;
  currency: string;
}

/** One posted batch of expenses (an expense journal): its lines are summed per project and currency, not kept. */
export interface ExpensePosting {
  postingNo: string;
  sourceRef: string;
  count: number;
  /** Cents per "projectCode currency". */
  totals: Record<string, number>;
}

export interface ErpStore {
  customers: Map<string, Customer>;
  /** Keyed by projectNo. */
  projects: Map<string, ErpProject>;
  journalEntries: Map<string, JournalEntry>;
  revenueSchedules: Map<string, RevenueSchedule>;
  invoices: Map<string, ErpInvoice>;
  /** Keyed by sourceRef: posting the same batch again answers the first posting. */
  expensePostings: Map<string, ExpensePosting>;
  seq: {
    customer: number;
    project: number;
    journalEntry: number;
    revenueSchedule: number;
    invoice: number;
    expensePosting: number;
  };
}

export function seedErp(): ErpStore {
  const c1: Customer = {
    customerNo: 'C-1',
    externalRef: 'ACC-1003',
    name: 'Fabrikam Energy Inc',
    legalEntity: 'FB-US',
    taxRegion: 'US-NY',
    currency: 'USD',
    address: { street: '350 Fifth Avenue', city: 'New York', postalCode: '10118', country: 'United States' },
  };
  return {
    customers: new Map([[c1.customerNo, c1]]),
    projects: new Map(),
    journalEntries: new Map(),
    revenueSchedules: new Map(),
    invoices: new Map(),
    expensePostings: new Map(),
    seq: { customer: 1, project: 0, journalEntry: 0, revenueSchedule: 0, invoice: 0, expensePosting: 0 },
  };
}

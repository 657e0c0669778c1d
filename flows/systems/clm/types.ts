export const FEE_MODELS = ['fixed_fee', 'time_and_materials', 'milestone', 'retainer'] as const;
export const FREQUENCIES = ['monthly', 'quarterly', 'milestone'] as const;

export interface Terms {
  feeModel: (typeof FEE_MODELS)[number];
  totalValue: string;
  paymentTermsDays: number;
  billingFrequency: (typeof FREQUENCIES)[number];
  rateCard: { role: string; hourlyRate: string }[];
  capHours: number | null;
  milestones: { code: string; title: string; amount: string; acceptanceCriteria: string }[];
  workstreams: { code: string; name: string }[];
}

export interface Contract {
  id: string;
  number: string;
  title: string;
  status: 'draft' | 'executed';
  counterparty: { name: string; crmAccountId: string };
  opportunityId: string | null;
  effectiveDate: string;
  endDate: string | null;
  currency: string;
  terms: Terms;
  executedAt: string | null;
}

export interface ClmStore {
  contracts: Map<string, Contract>;
  seq: { contract: number; number: number };
}

import type { ClmStore, Contract } from './types.ts';

export function seedClm(): ClmStore {
  const contracts: Contract[] = [
    {
      id: 'CTR-3001',
      number: 'MSA-2025-0001',
      title: 'Northwind Legal LLP — Regulatory Advisory SOW',
      status: 'draft',
      counterparty: { name: 'Northwind Legal LLP', crmAccountId: 'ACC-1001' },
      opportunityId: 'OPP-2001',
      effectiveDate: '2025-04-01',
      endDate: '2025-12-31',
      currency: 'GBP',
      terms: {
        feeModel: 'time_and_materials',
        totalValue: '120000.00',
        paymentTermsDays: 30,
        billingFrequency: 'monthly',
        rateCard: [
          { role: 'Partner', hourlyRate: '450.00' },
          { role: 'Consultant', hourlyRate: '180.00' },
          { role: 'Analyst', hourlyRate: '120.00' },
        ],
        capHours: 600,
        milestones: [],
        workstreams: [
          { code: 'WS-A', name: 'Discovery' },
          { code: 'WS-B', name: 'Delivery' },
        ],
      },
      executedAt: null,
    },
    {
      id: 'CTR-3002',
      number: 'MSA-2025-0002',
      title: 'Contoso Health GmbH — EHR Implementation SOW',
      status: 'draft',
      counterparty: { name: 'Contoso Health GmbH', crmAccountId: 'ACC-1002' },
      opportunityId: 'OPP-2002',
      effectiveDate: '2025-04-01',
      endDate: '2025-12-31',
      currency: 'EUR',
      terms: {
        feeModel: 'milestone',
        totalValue: '85000.00',
        paymentTermsDays: 30,
        billingFrequency: 'milestone',
        rateCard: [{ role: 'Consultant', hourlyRate: '160.00' }],
        capHours: null,
        milestones: [
          {
            code: 'M1',
            title: 'Blueprint',
            amount: '25000.00',
            acceptanceCriteria: 'Solution blueprint signed off by the client steering group',
          },
          {
            code: 'M2',
            title: 'Build',
            amount: '40000.00',
            acceptanceCriteria: 'System configured and integration tests passed',
          },
          {
            code: 'M3',
            title: 'Go-live',
            amount: '20000.00',
            acceptanceCriteria: 'Production go-live and two weeks of hypercare completed',
          },
        ],
        workstreams: [{ code: 'WS-A', name: 'Implementation' }],
      },
      executedAt: null,
    },
  ];
  return { contracts: new Map(contracts.map((c) => [c.id, c])), seq: { contract: 3002, number: 2 } };
}

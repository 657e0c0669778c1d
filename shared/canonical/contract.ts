import { closed, def, externalId, oneOf, record, text } from './schema-kit.ts';

const acceptanceCriteria = {
  type: 'array',
  minItems: 1,
  items: text('One condition the customer checks before accepting', 1000),
  description: 'What must be true for the customer to accept the milestone',
};

/** Requires `then` when feeModel is `value` (if/then means the same in draft-07, 2019-09 and 2020-12). */
const whenFeeModel = (value: string, then: Record<string, unknown>) => ({
  if: { required: ['feeModel'], properties: { feeModel: { const: value } } },
  then,
});

export const contract = record({
  name: 'Contract',
  description:
    'An executed statement of work (SOW) from the CLM: fee model, rate card, billing frequency, payment terms and milestones. ' +
    'Time and materials needs a rate card, milestone billing needs milestones, fixed fee needs the total value and a retainer its amount per period.',
  required: [
    'id',
    'customerId',
    'title',
    'feeModel',
    'currency',
    'billingFrequency',
    'paymentTerms',
    'startDate',
    'status',
  ],
  properties: {
    id: def('Id'),
    number: text('Contract number in the CLM', 100),
    customerId: def('Id'),
    opportunityId: def('Id'),
    projectCode: def('Code'),
    legalEntity: text("Code of the firm's contracting legal entity", 50),
    title: text('Title of the SOW', 300),
    feeModel: def('FeeModel'),
    currency: def('Currency'),
    totalValue: { ...def('Money'), description: 'Fixed fee, not-to-exceed cap or sum of milestones' },
    retainerAmount: { ...def('Money'), description: 'Retainer: the amount billed each billing period' },
    rateCard: {
      type: 'array',
      description: 'Rates per role, in the contract currency',
      items: closed(['role', 'unit', 'rate'], {
        role: text('Role, e.g. "Senior Consultant"', 100),
        unit: oneOf(['hour', 'day'], 'What the rate is per'),
        rate: def('Money'),
      }),
    },
    billingFrequency: def('BillingFrequency'),
    paymentTerms: def('PaymentTerms'),
    startDate: def('Date'),
    endDate: def('Date'),
    signedDate: def('Date'),
    status: oneOf(['draft', 'executed', 'amended', 'terminated', 'expired'], 'Contract status in the CLM'),
    milestones: {
      type: 'array',
      description: 'Milestones agreed in the SOW',
      items: closed(['code', 'name', 'amount', 'acceptanceCriteria'], {
        code: def('Code'),
        name: text('Name of the milestone', 200),
        amount: def('Money'),
        dueDate: def('Date'),
        acceptanceCriteria,
      }),
    },
  },
  allOf: [
    whenFeeModel('time_and_materials', { required: ['rateCard'], properties: { rateCard: { minItems: 1 } } }),
    whenFeeModel('milestone', { required: ['milestones'], properties: { milestones: { minItems: 1 } } }),
    whenFeeModel('fixed_fee', { required: ['totalValue'] }),
    whenFeeModel('retainer', { required: ['retainerAmount'] }),
  ],
});

export const milestone = record({
  name: 'Milestone',
  description: 'A deliverable of a contract; once accepted by the customer it becomes eligible for invoicing.',
  required: [
    'id',
    'contractId',
    'projectCode',
    'name',
    'amount',
    'currency',
    'dueDate',
    'acceptanceCriteria',
    'status',
  ],
  properties: {
    id: def('Id'),
    contractId: def('Id'),
    projectCode: def('Code'),
    code: def('Code'),
    name: text('Name of the milestone', 200),
    amount: def('Money'),
    currency: def('Currency'),
    dueDate: def('Date'),
    acceptanceCriteria,
    status: oneOf(['planned', 'in_progress', 'delivered', 'accepted', 'rejected', 'invoiced'], 'Milestone status'),
    acceptedDate: def('Date'),
    acceptedBy: def('Email'),
  },
  allOf: [
    {
      if: { required: ['status'], properties: { status: { enum: ['accepted', 'invoiced'] } } },
      // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then keyword
      then: { required: ['acceptedDate'] },
    },
  ],
});

export const billingSchedule = record({
  name: 'BillingSchedule',
  description:
    'When and what to invoice under a contract. Time-and-materials periods bill actuals and carry no amount.',
  required: ['id', 'contractId', 'customerId', 'currency', 'frequency', 'lines'],
  properties: {
    id: def('Id'),
    contractId: def('Id'),
    customerId: def('Id'),
    projectCode: def('Code'),
    billingAccountId: externalId('Account id in the billing system'),
    currency: def('Currency'),
    frequency: def('BillingFrequency'),
    startDate: def('Date'),
    endDate: def('Date'),
    lines: {
      type: 'array',
      description: 'Scheduled invoices, in date order',
      items: closed(['date', 'description', 'status'], {
        date: def('Date'),
        description: text('Text for the invoice line'),
        amount: def('Money'),
        milestoneId: def('Id'),
        status: oneOf(['scheduled', 'eligible', 'invoiced', 'cancelled'], 'Status of this scheduled invoice'),
      }),
    },
  },
});

export const revenueSchedule = record({
  name: 'RevenueSchedule',
  description: "How a contract's revenue is recognised over accounting periods.",
  required: ['id', 'contractId', 'currency', 'method', 'totalAmount', 'lines'],
  properties: {
    id: def('Id'),
    contractId: def('Id'),
    projectCode: def('Code'),
    currency: def('Currency'),
    method: oneOf(['straight_line', 'percent_complete', 'milestone', 'as_delivered'], 'Recognition method'),
    totalAmount: def('Money'),
    lines: {
      type: 'array',
      description: 'Revenue per accounting period',
      items: closed(['period', 'amount', 'status'], {
        period: def('Period'),
        amount: def('Money'),
        status: oneOf(['planned', 'recognised', 'reversed'], 'Whether the amount has been posted'),
      }),
    },
  },
});

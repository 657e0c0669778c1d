import { closed, def, externalId, oneOf, record, text } from './schema-kit.ts';

export const customer = record({
  name: 'Customer',
  description:
    "A client of the firm: who is invoiced, by which of the firm's legal entities, under which tax rules and in which currency.",
  required: ['id', 'name', 'legalEntity', 'taxRegion', 'currency', 'billingAddress'],
  properties: {
    id: def('Id'),
    name: text('Name the firm uses for the client', 200),
    legalName: text("The client's registered legal name as printed on contracts and invoices", 200),
    legalEntity: text(
      "Code of the firm's legal entity that contracts with and invoices this client; decides the ERP company and tax registration",
      50,
    ),
    taxRegion: def('TaxRegion'),
    taxId: {
      type: 'string',
      minLength: 1,
      maxLength: 50,
      description: "The client's tax registration number (VAT, GST, EIN)",
    },
    currency: def('Currency'),
    billingAddress: def('Address'),
    billingEmail: def('Email'),
    paymentTerms: def('PaymentTerms'),
    crmAccountId: externalId('Account id in the CRM'),
    erpCustomerNo: externalId('Customer number in the ERP'),
    billingAccountId: externalId('Account id in the billing system'),
  },
});

export const contact = record({
  name: 'Contact',
  description: 'A person at a customer: sponsor, approver of timesheets or milestones, or recipient of invoices.',
  required: ['id', 'customerId', 'firstName', 'lastName', 'email'],
  properties: {
    id: def('Id'),
    customerId: def('Id'),
    firstName: text('Given name', 100),
    lastName: text('Family name', 100),
    email: def('Email'),
    phone: {
      type: 'string',
      pattern: '^\\+?[0-9 ()./-]{3,30}$',
      description: 'Phone number, international format preferred ("+44 20 7946 0000")',
    },
    jobTitle: text('Job title', 200),
    roles: {
      type: 'array',
      uniqueItems: true,
      items: oneOf(
        ['sponsor', 'billing', 'approver', 'technical', 'legal'],
        'What the contact does for the engagement',
      ),
      description: 'The parts the contact plays',
    },
    crmContactId: externalId('Contact id in the CRM'),
  },
});

export const opportunity = record({
  name: 'Opportunity',
  description: 'A sales opportunity in the CRM; when won it starts the hand-off to contract, project and billing.',
  required: ['id', 'name', 'customerId', 'stage', 'amount', 'currency', 'closeDate'],
  properties: {
    id: def('Id'),
    name: text('Name of the deal', 200),
    customerId: def('Id'),
    stage: oneOf(['prospecting', 'qualification', 'proposal', 'negotiation', 'won', 'lost'], 'Sales stage'),
    amount: def('Money'),
    currency: def('Currency'),
    closeDate: def('Date'),
    probability: { type: 'integer', minimum: 0, maximum: 100, description: 'Chance of winning, in percent' },
    feeModel: def('FeeModel'),
    serviceLine: text('Service line that will deliver the work', 100),
    region: text('Delivery region', 100),
    owner: def('Email'),
    lines: {
      type: 'array',
      description: 'Priced lines of the proposal',
      items: closed(['description', 'quantity', 'unitPrice', 'amount'], {
        description: text('What is sold'),
        role: text('Rate-card role, for time-based lines', 100),
        quantity: { type: 'number', minimum: 0, description: 'Quantity (hours, days or units)' },
        unitPrice: def('Money'),
        amount: def('Money'),
      }),
    },
    crmOpportunityId: externalId('Opportunity id in the CRM'),
  },
});

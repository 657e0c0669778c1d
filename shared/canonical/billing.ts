import { def, externalId, model, oneOf, record, text } from './schema-kit.ts';

export const invoiceLine = record({
  name: 'InvoiceLine',
  description:
    'A billable line made from one source record (time entry, expense, milestone, schedule line). ' +
    'amount is quantity × unitPrice rounded to the currency; check that with a rule, in decimal, not in JSON Schema.',
  required: ['projectCode', 'description', 'quantity', 'unitPrice', 'amount', 'currency', 'sourceRef'],
  properties: {
    id: def('Id'),
    projectCode: def('Code'),
    description: text('Text printed on the invoice', 1000),
    quantity: { type: 'number', description: 'Hours, days or units; negative on a credit' },
    unit: oneOf(['hour', 'day', 'each', 'fixed'], 'What quantity counts'),
    unitPrice: def('Money'),
    amount: def('Money'),
    currency: def('Currency'),
    taxCode: text('Tax code in the ERP', 50),
    taxRate: def('Percentage'),
    serviceDate: def('Date'),
    sourceRef: def('SourceRef'),
  },
});

export const invoice = record({
  name: 'Invoice',
  description: "An invoice to a customer, issued by one of the firm's legal entities in one currency.",
  required: ['id', 'customerId', 'legalEntity', 'currency', 'issueDate', 'dueDate', 'status', 'lines', 'total'],
  properties: {
    id: def('Id'),
    number: text('Invoice number as printed', 100),
    customerId: def('Id'),
    legalEntity: text("Code of the firm's issuing legal entity", 50),
    currency: def('Currency'),
    issueDate: def('Date'),
    dueDate: def('Date'),
    status: oneOf(['draft', 'posted', 'sent', 'partially_paid', 'paid', 'void', 'credited'], 'Invoice status'),
    purchaseOrder: text("The customer's purchase order number", 100),
    lines: {
      type: 'array',
      minItems: 1,
      items: model('InvoiceLine'),
      description: 'Lines of the invoice, all in its currency',
    },
    subtotal: def('Money'),
    taxTotal: def('Money'),
    total: def('Money'),
    amountDue: def('Money'),
    erpInvoiceNo: externalId('Invoice number in the ERP'),
    billingAccountId: externalId('Account id in the billing system'),
  },
});

export const payment = record({
  name: 'Payment',
  description: 'Money received from a customer against an invoice.',
  required: ['id', 'invoiceId', 'customerId', 'amount', 'currency', 'receivedDate', 'method'],
  properties: {
    id: def('Id'),
    invoiceId: def('Id'),
    customerId: def('Id'),
    amount: def('Money'),
    currency: def('Currency'),
    receivedDate: def('Date'),
    method: oneOf(['bank_transfer', 'card', 'direct_debit', 'check', 'other'], 'How the money arrived'),
    reference: text('Bank or remittance reference', 200),
    erpPaymentNo: externalId('Payment number in the ERP'),
  },
});

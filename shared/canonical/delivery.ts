import { def, externalId, oneOf, record, text } from './schema-kit.ts';

export const project = record({
  name: 'Project',
  description:
    'A delivery project in the PSA and ERP. Sub-projects name their parent in parentCode. ' +
    "Rules JSON Schema cannot express (endDate not before startDate, parentCode not the project's own code) belong in the validate node's rules.",
  required: ['code', 'name', 'customerId', 'serviceLine', 'region', 'budget', 'startDate', 'endDate'],
  properties: {
    code: def('Code'),
    name: text('Name of the project', 200),
    customerId: def('Id'),
    contractId: def('Id'),
    parentCode: { ...def('Code'), description: 'Code of the parent project, for a sub-project' },
    serviceLine: text('Service line that delivers the project, e.g. "Advisory"', 100),
    region: text('Delivery region, e.g. "EMEA"', 100),
    legalEntity: text("Code of the firm's legal entity that books the project", 50),
    budget: def('MonetaryAmount'),
    startDate: def('Date'),
    endDate: def('Date'),
    status: oneOf(['planned', 'active', 'on_hold', 'closed'], 'Project status'),
    manager: def('Email'),
    psaProjectId: externalId('Project id in the PSA'),
    erpProjectNo: externalId('Project number in the ERP'),
  },
});

export const resource = record({
  name: 'Resource',
  description: 'A consultant (employee or contractor) who can be assigned to projects and record time.',
  required: ['id', 'name', 'email', 'role'],
  properties: {
    id: def('Id'),
    name: text('Full name', 200),
    email: def('Email'),
    role: text('Rate-card role, e.g. "Senior Consultant"', 100),
    grade: text('Internal grade', 50),
    region: text('Home region', 100),
    employment: oneOf(['employee', 'contractor'], 'How the consultant is engaged'),
    costRate: { ...def('MonetaryAmount'), description: 'Internal cost per hour' },
    active: { type: 'boolean', description: 'False once the consultant has left' },
    psaResourceId: externalId('Resource id in the PSA'),
    hrEmployeeNo: externalId('Employee number in the HR system'),
  },
});

export const assignment = record({
  name: 'Assignment',
  description: 'A consultant staffed on a project for a period, in a role, at a bill rate.',
  required: ['id', 'projectCode', 'resourceId', 'role', 'startDate', 'endDate'],
  properties: {
    id: def('Id'),
    projectCode: def('Code'),
    resourceId: def('Id'),
    role: text('Rate-card role on this project', 100),
    startDate: def('Date'),
    endDate: def('Date'),
    allocationPercent: {
      type: 'integer',
      minimum: 1,
      maximum: 100,
      description: "Share of the consultant's working time",
    },
    plannedHours: {
      type: 'number',
      minimum: 0,
      multipleOf: 0.25,
      description: 'Hours planned for the whole assignment',
    },
    billRate: {
      ...def('MonetaryAmount'),
      description: 'Hourly rate billed to the customer, when it differs from the rate card',
    },
  },
});

export const timeEntry = record({
  name: 'TimeEntry',
  description:
    'Time a consultant recorded on a project for one day, in quarter hours. Approved entries are posted to the ERP and, when billable, billed.',
  required: ['id', 'projectCode', 'consultant', 'role', 'date', 'hours', 'billable', 'status'],
  properties: {
    id: def('Id'),
    projectCode: def('Code'),
    consultant: { ...def('Id'), description: 'Resource id of the consultant who did the work' },
    role: text('Rate-card role the time is billed at', 100),
    date: def('Date'),
    hours: {
      type: 'number',
      minimum: 0,
      maximum: 24,
      multipleOf: 0.25,
      description: 'Hours worked that day, in quarter hours (0 to 24)',
    },
    billable: { type: 'boolean', description: 'Whether the customer is invoiced for the time' },
    status: oneOf(['draft', 'submitted', 'approved', 'rejected', 'invoiced'], 'Approval status in the PSA'),
    taskCode: def('Code'),
    description: text('What was done', 2000),
    approvedBy: def('Email'),
    approvedAt: def('DateTime'),
  },
});

export const expense = record({
  name: 'Expense',
  description:
    'An expense a consultant incurred for a project; approved billable expenses are re-invoiced to the customer.',
  required: ['id', 'projectCode', 'consultant', 'date', 'category', 'amount', 'currency', 'billable', 'status'],
  properties: {
    id: def('Id'),
    projectCode: def('Code'),
    consultant: { ...def('Id'), description: 'Resource id of the consultant who paid' },
    date: def('Date'),
    category: oneOf(['travel', 'lodging', 'meals', 'mileage', 'software', 'other'], 'Expense category'),
    description: text('What was bought and why', 2000),
    amount: def('Money'),
    currency: def('Currency'),
    taxAmount: { ...def('Money'), description: 'Tax included in amount' },
    billable: { type: 'boolean', description: 'Whether the customer is invoiced for the expense' },
    status: oneOf(
      ['draft', 'submitted', 'approved', 'rejected', 'invoiced', 'reimbursed'],
      'Approval status in the PSA',
    ),
    receiptUrl: { type: 'string', format: 'uri', maxLength: 2000, description: 'Link to the receipt' },
  },
});

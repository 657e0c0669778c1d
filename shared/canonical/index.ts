/**
 * The canonical data model: one JSON Schema (draft-07, plain JSON) per record that crosses systems, each with
 * `$id: "canonical:<Name>"`, plus `canonical:Common` with the shared definitions (Money, Currency, Date, …).
 * The validate node's engines know them all, so `{ "$ref": "canonical:Project" }` is a complete schema.
 */
import { common } from './common.ts';
import { customer, contact, opportunity } from './parties.ts';
import { contract, milestone, billingSchedule, revenueSchedule } from './contract.ts';
import { project, resource, assignment, timeEntry, expense } from './delivery.ts';
import { invoiceLine, invoice, payment } from './billing.ts';

export { CANONICAL_PREFIX, JSON_SCHEMA_META, canonicalRef, canonicalNameOf, type CanonicalSchemaInfo } from './ref.ts';
export type { JsonSchemaObject } from './schema-kit.ts';

/** Every canonical schema by name (the part after "canonical:"); Common holds definitions only. */
export const canonicalSchemas: Record<string, object> = {
  Common: common,
  Customer: customer,
  Contact: contact,
  Opportunity: opportunity,
  Contract: contract,
  Project: project,
  Resource: resource,
  Assignment: assignment,
  TimeEntry: timeEntry,
  Expense: expense,
  Milestone: milestone,
  BillingSchedule: billingSchedule,
  InvoiceLine: invoiceLine,
  Invoice: invoice,
  Payment: payment,
  RevenueSchedule: revenueSchedule,
};

/** The schema that only holds shared definitions; it is not a record to validate against. */
export const CANONICAL_DEFINITIONS = 'Common';

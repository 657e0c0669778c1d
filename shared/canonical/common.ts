import { CANONICAL_PREFIX } from './ref.ts';
import { DRAFT_07, closed, def, text, type JsonSchemaObject } from './schema-kit.ts';

/** Definitions every canonical model shares; referenced as `canonical:Common#/definitions/<Name>`. */
export const common: JsonSchemaObject = {
  $schema: DRAFT_07,
  $id: CANONICAL_PREFIX + 'Common',
  title: 'Common',
  description:
    'Definitions shared by the canonical models. Money is a decimal string, never a binary float; integer minor units are a separate type. ' +
    'Currencies are ISO 4217 codes, countries ISO 3166-1 alpha-2, dates ISO 8601 (YYYY-MM-DD) and timestamps RFC 3339 with an offset or Z. ' +
    'Records are closed: a field without a canonical name belongs in `extensions`.',
  definitions: {
    Id: text('Identifier of the record, stable across systems (usually the id in its system of record)', 200),
    Code: {
      type: 'string',
      pattern: '^[A-Za-z0-9][A-Za-z0-9._/-]*$',
      maxLength: 64,
      description:
        'A human-readable business key such as a project code ("PRJ-1001"): letters, digits, ".", "_", "/", "-"',
    },
    Money: {
      type: 'string',
      pattern: '^-?\\d+(\\.\\d{1,4})?$',
      maxLength: 32,
      examples: ['1200.00', '-35.5', '0'],
      description:
        'An amount of money as a decimal string with up to 4 decimal places, e.g. "1200.00". Money is never a binary float (0.1 + 0.2 is not 0.3); ' +
        'the currency travels in a separate Currency field. Negative amounts are credits.',
    },
    MinorUnits: {
      type: 'integer',
      description:
        "An amount of money as an integer count of the currency's minor unit (cents for EUR, yen for JPY); only where a system requires it, never mixed with Money",
    },
    Currency: {
      type: 'string',
      pattern: '^[A-Z]{3}$',
      description: 'ISO 4217 currency code, three upper-case letters, e.g. "EUR"',
    },
    CountryCode: {
      type: 'string',
      pattern: '^[A-Z]{2}$',
      description: 'ISO 3166-1 alpha-2 country code, two upper-case letters, e.g. "GB"',
    },
    TaxRegion: {
      type: 'string',
      pattern: '^[A-Z]{2}(-[A-Z0-9]{1,3})?$',
      description:
        'Tax jurisdiction: ISO 3166-1 alpha-2 country, optionally with its ISO 3166-2 subdivision, e.g. "DE", "US-NY", "CA-QC"',
    },
    Date: { type: 'string', format: 'date', description: 'Calendar date, ISO 8601 "YYYY-MM-DD"' },
    DateTime: {
      type: 'string',
      format: 'date-time',
      description: 'Instant, ISO 8601 / RFC 3339 with an offset or Z, e.g. "2025-03-31T17:00:00Z"',
    },
    Period: {
      type: 'string',
      pattern: '^\\d{4}-(0[1-9]|1[0-2])$',
      description: 'Accounting period (calendar month), "YYYY-MM"',
    },
    Percentage: {
      type: 'string',
      pattern: '^\\d{1,3}(\\.\\d{1,4})?$',
      description: 'A percentage as a decimal string, e.g. "20" or "7.5" (not a fraction, not a float)',
    },
    Email: { type: 'string', format: 'email', maxLength: 254, description: 'E-mail address' },
    Address: closed(
      ['street', 'city', 'country'],
      {
        street: text('Street and number; several lines separated by "\\n"'),
        city: text('City or town', 200),
        postalCode: {
          type: 'string',
          minLength: 1,
          maxLength: 20,
          description: 'Postal code, when the country has them',
        },
        region: { type: 'string', maxLength: 200, description: 'State, province or county' },
        country: def('CountryCode'),
      },
      'Postal address',
    ),
    MonetaryAmount: closed(
      ['amount', 'currency'],
      { amount: def('Money'), currency: def('Currency') },
      'An amount of money with its currency',
    ),
    PaymentTerms: closed(
      ['netDays'],
      {
        code: { type: 'string', maxLength: 50, description: 'The terms code in the ERP, e.g. "NET30"' },
        netDays: {
          type: 'integer',
          minimum: 0,
          maximum: 365,
          description: 'Days from the invoice date until payment is due',
        },
      },
      'When invoices are due',
    ),
    FeeModel: {
      type: 'string',
      enum: ['fixed_fee', 'time_and_materials', 'milestone', 'retainer'],
      description:
        'How the work is charged: a fixed fee, time and materials at rate-card rates, per accepted milestone, or a recurring retainer',
    },
    BillingFrequency: {
      type: 'string',
      enum: ['weekly', 'biweekly', 'monthly', 'quarterly', 'annually', 'on_milestone', 'one_time'],
      description: 'How often invoices are raised',
    },
    SourceRef: closed(
      ['system', 'entity', 'id'],
      {
        system: text('The system the record comes from, e.g. "psa"', 50),
        entity: text('Canonical name of the source record, e.g. "TimeEntry"', 50),
        id: def('Id'),
      },
      'The record another record was made from; together the three fields are unique, so they also serve as a duplicate check',
    ),
    Extensions: {
      type: 'object',
      description: 'Fields of a source or target system that have no canonical name, kept as they are and not checked',
    },
  },
};

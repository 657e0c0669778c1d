import type { z } from 'zod';
import { invalid, type FieldError } from '../kit/errors.ts';
import { LEGAL_ENTITIES, TAX_REGIONS, type Customer } from './types.ts';
import type { customerCreate } from './schemas.ts';

/** Applies the ERP's master-data rules; every broken rule becomes one field error (422). */
export function validateCustomer(b: z.output<typeof customerCreate>): Omit<Customer, 'customerNo'> {
  const fields: FieldError[] = [];
  const name = b.name?.trim() ?? '';
  if (!name) fields.push({ field: 'name', message: 'name must not be empty' });
  if (b.legalEntity === undefined) fields.push({ field: 'legalEntity', message: 'legal entity is required' });
  else if (!(LEGAL_ENTITIES as readonly string[]).includes(b.legalEntity))
    fields.push({ field: 'legalEntity', message: `unknown legal entity "${b.legalEntity}"` });
  if (b.taxRegion === undefined) fields.push({ field: 'taxRegion', message: 'tax region is required' });
  else if (!(TAX_REGIONS as readonly string[]).includes(b.taxRegion))
    fields.push({ field: 'taxRegion', message: `unknown tax region "${b.taxRegion}"` });
  if (b.currency === undefined || !/^[A-Z]{3}$/.test(b.currency))
    fields.push({
      field: 'currency',
      message: `currency must be an ISO 4217 code of 3 letters, got ${JSON.stringify(b.currency ?? null)}`,
    });
  if (fields.length) throw invalid('customer is invalid', fields);
  const a = b.address;
  return {
    externalRef: b.externalRef,
    name,
    legalEntity: b.legalEntity!,
    taxRegion: b.taxRegion!,
    currency: b.currency!,
    address: {
      street: a.street ?? null,
      city: a.city ?? null,
      postalCode: a.postalCode ?? null,
      country: a.country ?? null,
    },
  };
}

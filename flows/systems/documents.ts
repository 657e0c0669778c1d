import { billing } from './billing/app.ts';
import { billingOpenApi } from './billing/openapi.ts';
import { clm } from './clm/app.ts';
import { clmOpenApi } from './clm/openapi.ts';
import { crm } from './crm/app.ts';
import { crmOpenApi } from './crm/openapi.ts';
import { erp } from './erp/app.ts';
import { erpOpenApi } from './erp/openapi.ts';
import { openApiDocument } from './kit/openapi.ts';
import { psa } from './psa/app.ts';
import { psaOpenApi } from './psa/openapi.ts';

/** The sample systems by name, in the order they are served. */
export const SAMPLE_SYSTEMS = ['crm', 'clm', 'psa', 'erp', 'billing'] as const;
export type SampleSystemName = (typeof SAMPLE_SYSTEMS)[number];

const systems = {
  crm: [crm, crmOpenApi],
  clm: [clm, clmOpenApi],
  psa: [psa, psaOpenApi],
  erp: [erp, erpOpenApi],
  billing: [billing, billingOpenApi],
} as const;

/** The OpenAPI 3.1 document a sample system serves at `/<system>/openapi.json`, built without starting it. */
export function sampleSystemDocument(name: SampleSystemName): Record<string, unknown> {
  const [def, o] = systems[name];
  return openApiDocument(
    { name: def.name, basePath: def.basePath, title: o.title, description: o.description },
    o.operations,
  );
}

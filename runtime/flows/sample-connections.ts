import { ErrorCodes, type WeftError } from '../../shared/errors.ts';
import { SAMPLE_SYSTEMS, sampleSystemDocument } from '../../flows/systems/documents.ts';
import type { Weft } from '../weft.ts';

const TITLES = { crm: 'CRM', clm: 'CLM', psa: 'PSA', erp: 'ERP', billing: 'Billing' } as const;

/**
 * One connection per sample system (id crm, clm, psa, erp, billing; base URL `<systemsUrl>/<system>`),
 * each with the OpenAPI document the system serves, built from the system's own route schemas so it is
 * there before the systems start. Existing connections and documents are left as they are (an admin may
 * have changed them). The egress allowance for the systems' port (WEFT_EGRESS_ALLOW) lets them through.
 */
export async function sampleSystemConnections(
  weft: Pick<Weft, 'connections' | 'connectionSpecs'>,
  systemsUrl: string,
): Promise<void> {
  const base = systemsUrl.replace(/\/+$/, '');
  for (const id of SAMPLE_SYSTEMS) {
    try {
      await weft.connections.create({
        id,
        name: `Sample ${TITLES[id]}`,
        baseUrl: `${base}/${id}`,
        auth: { type: 'none' },
      });
    } catch (err) {
      if ((err as WeftError).code !== ErrorCodes.conflict) throw err;
    }
    if (!(await weft.connectionSpecs.current(id)))
      await weft.connectionSpecs.put(id, sampleSystemDocument(id), { source: `${base}/${id}/openapi.json` });
  }
}

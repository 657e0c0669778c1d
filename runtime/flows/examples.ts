import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Weft } from '../weft.ts';
import { readJsonFile } from './read-json-file.ts';
import { DEMO_BASE_URL } from '../config.ts';
import { SAMPLE_WEBHOOKS_CONNECTION, sampleWebhooksSecret } from './example-webhook-secret.ts';
import { sampleSystemConnections } from './sample-connections.ts';

/**
 * Imports, publishes and activates every flow file of a folder (done once, on an empty database).
 * The example flows call the sample systems at DEMO_BASE_URL; `demoBaseUrl` moves them elsewhere. Their
 * webhooks verify the systems' Standard Webhooks signatures against the connection sample-systems-webhooks,
 * created first with a new secret unless it exists (when a flow names it). Their API operations call the
 * connections crm, clm, psa, erp and billing, created first with the systems' OpenAPI documents (when a
 * flow has an API operation).
 * Returns how many flows were loaded.
 */
export async function loadExampleFlows(weft: Weft, dir: string, demoBaseUrl: string = DEMO_BASE_URL): Promise<number> {
  let loaded = 0;
  let files: string[];
  try {
    files = readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .sort();
  } catch {
    return 0;
  }
  let secretReady = false;
  let connectionsReady = false;
  for (const f of files) {
    const file = join(dir, f);
    try {
      let def = readJsonFile(file);
      if (demoBaseUrl !== DEMO_BASE_URL) def = JSON.parse(JSON.stringify(def).split(DEMO_BASE_URL).join(demoBaseUrl));
      if (!secretReady && JSON.stringify(def).includes(`"${SAMPLE_WEBHOOKS_CONNECTION}"`)) {
        await sampleWebhooksSecret(weft, demoBaseUrl);
        secretReady = true;
      }
      if (!connectionsReady && JSON.stringify(def).includes('"connector.http.operation"')) {
        await sampleSystemConnections(weft, demoBaseUrl);
        connectionsReady = true;
      }
      const { definition } = await weft.flows.create(def);
      const { version } = await weft.flows.publish(definition.id, 'example flow');
      await weft.activate(definition.id, version.version);
      weft.logger.info('example flow loaded', { flowId: definition.id, version: version.version });
      loaded++;
    } catch (err) {
      weft.logger.warn('example flow not loaded', { file, error: (err as Error).message });
    }
  }
  return loaded;
}

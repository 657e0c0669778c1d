import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Weft } from '../weft.ts';
import { readJsonFile } from './read-json-file.ts';

/** Imports, publishes and activates every flow file of a folder (done once, on an empty database). */
export function loadExampleFlows(weft: Weft, dir: string): void {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  } catch {
    return;
  }
  for (const f of files) {
    const file = join(dir, f);
    try {
      const { definition } = weft.flows.create(readJsonFile(file));
      const { version } = weft.flows.publish(definition.id, 'example flow');
      weft.activate(definition.id, version.version);
      weft.logger.info('example flow loaded', { flowId: definition.id, version: version.version });
    } catch (err) {
      weft.logger.warn('example flow not loaded', { file, error: (err as Error).message });
    }
  }
}

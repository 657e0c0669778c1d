import { parseArgs } from 'node:util';
import { WeftClient, runtimeUrl } from '../promotion/api-client.ts';
import { exportFiles, reservedFlowIds } from '../promotion/export-files.ts';
import { writeFolder } from '../promotion/folder.ts';
import { readInstallation } from '../promotion/runtime-state.ts';

const USAGE = 'usage: weft export --dir <folder> [--url http://127.0.0.1:8080] [--token T]';

/**
 * `weft export --dir <folder>`: writes a running installation's flows (one file each), lookup tables,
 * variable names and connection names into a folder, in a form that only changes when they do.
 */
export async function exportCommand(args: string[]): Promise<number> {
  let values: { dir?: string; url?: string; server?: string; token?: string };
  try {
    ({ values } = parseArgs({
      args,
      options: {
        dir: { type: 'string' },
        url: { type: 'string' },
        server: { type: 'string' },
        token: { type: 'string' },
      },
    }));
  } catch (err) {
    console.error(`weft export: ${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  if (!values.dir) {
    console.error(USAGE);
    return 2;
  }
  const client = new WeftClient(runtimeUrl(values.url ?? values.server), values.token ?? process.env.WEFT_TOKEN ?? '');
  const content = await readInstallation(client);
  const clash = reservedFlowIds(content.flows);
  if (clash.length) {
    console.error(
      `weft export: flow ${clash.map((id) => `"${id}"`).join(', ')} would take the place of ${clash.map((id) => `${id}.json`).join(', ')}, which the folder keeps for the ${clash.join(' and ')} list; nothing written`,
    );
    return 1;
  }
  const result = writeFolder(values.dir, exportFiles(content));
  const counts = [
    `${content.flows.length} flows`,
    `${content.lookups.length} lookup tables`,
    `${content.connections.length} connections`,
    content.variables ? `${content.variables.length} variables` : '',
  ].filter(Boolean);
  console.log(`Exported ${counts.join(', ')} from ${client.base} to ${values.dir}.`);
  for (const f of result.written) console.log(`  written ${f}`);
  for (const f of result.removed) console.log(`  removed ${f} (no longer on the runtime)`);
  for (const f of result.kept) console.log(`  left ${f} as it is (not written by weft export)`);
  if (!content.variables)
    console.log('  the runtime does not list variables (no GET /api/variables): variables.json not written');
  if (!result.written.length && !result.removed.length) console.log('  no file changed');
  return 0;
}

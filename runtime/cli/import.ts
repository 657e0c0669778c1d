import { parseArgs } from 'node:util';
import { readJsonFile } from '../flows/read-json-file.ts';
import { WeftClient, describeAnswer, runtimeUrl, seg } from '../promotion/api-client.ts';
import { importDirCommand } from './import-dir.ts';

const USAGE = `usage: weft import <flow.json>... [--url http://127.0.0.1:8080] [--token T] [--publish] [--activate]
       weft import --dir <folder> [--url URL] [--token T] [--publish] [--activate] [--dry-run] [--prune]`;

/**
 * Loads flow files into a running server over its API: create, or update the draft if it exists. With
 * --dir, a folder written by `weft export` (import-dir.ts): shows the plan, then applies it.
 */
export async function importCommand(args: string[]): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (err) {
    console.error(`weft import: ${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const client = new WeftClient(runtimeUrl(values.url ?? values.server), values.token ?? process.env.WEFT_TOKEN ?? '');
  if (values.dir !== undefined) {
    if (positionals.length) {
      console.error(`weft import: give either flow files or --dir, not both\n${USAGE}`);
      return 2;
    }
    return importDirCommand(client, values.dir, {
      publish: values.publish === true,
      activate: values.activate === true,
      dryRun: values['dry-run'] === true,
      prune: values.prune === true,
    });
  }
  if (positionals.length === 0 || values['dry-run'] || values.prune) {
    console.error(USAGE);
    return 2;
  }
  let failed = false;
  for (const file of positionals) {
    try {
      console.log(`${file}: ${await importFile(client, file, values.publish === true, values.activate === true)}`);
    } catch (err) {
      console.error(`${file}: ${(err as Error).message}`);
      failed = true;
    }
  }
  return failed ? 1 : 0;
}

function parse(args: string[]) {
  return parseArgs({
    args,
    options: {
      url: { type: 'string' },
      server: { type: 'string' },
      token: { type: 'string' },
      dir: { type: 'string' },
      publish: { type: 'boolean' },
      activate: { type: 'boolean' },
      'dry-run': { type: 'boolean' },
      prune: { type: 'boolean' },
    },
    allowPositionals: true,
  });
}

async function importFile(client: WeftClient, file: string, publish: boolean, activate: boolean): Promise<string> {
  const def = readJsonFile(file) as { id?: string };
  let res = await client.call('POST', '/api/flows', def);
  if (res.status === 409 && def.id) {
    const current = await client.call('GET', `/api/flows/${seg(def.id)}`);
    res = await client.call('PUT', `/api/flows/${seg(def.id)}`, {
      definition: def,
      revision: (current.body as { revision: number }).revision,
    });
  }
  if (res.status >= 300) throw new Error(describeAnswer(res));
  let note = 'imported';
  if (publish || activate) {
    const pub = await client.call('POST', `/api/flows/${seg(def.id!)}/publish`, { note: `imported from ${file}` });
    if (pub.status >= 300) throw new Error(describeAnswer(pub));
    const version = (pub.body as { version: number }).version;
    note += `, published v${version}`;
    if (activate) {
      const act = await client.call('POST', `/api/flows/${seg(def.id!)}/activate`, { version });
      if (act.status >= 300) throw new Error(describeAnswer(act));
      note += ', active';
    }
  }
  return note;
}

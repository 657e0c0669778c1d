import { parseArgs } from 'node:util';
import { readJsonFile } from '../flows/read-json-file.ts';

/** Loads flow files into a running server over its API: create, or update the draft if it exists. */
export async function importCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      server: { type: 'string' },
      token: { type: 'string' },
      publish: { type: 'boolean' },
      activate: { type: 'boolean' },
    },
    allowPositionals: true,
  });
  if (positionals.length === 0) {
    console.error('usage: weft import <flow.json>... [--server http://127.0.0.1:8080] [--publish] [--activate]');
    return 2;
  }
  const base = (values.server ?? process.env.WEFT_URL ?? 'http://127.0.0.1:8080').replace(/\/+$/, '');
  token = values.token ?? process.env.WEFT_TOKEN ?? '';
  let failed = false;
  for (const file of positionals) {
    try {
      const def = readJsonFile(file) as { id?: string };
      let res = await call(base, 'POST', '/api/flows', def);
      if (res.status === 409 && def.id) {
        const current = await call(base, 'GET', `/api/flows/${encodeURIComponent(def.id)}`);
        res = await call(base, 'PUT', `/api/flows/${encodeURIComponent(def.id)}`, {
          definition: def,
          revision: (current.body as { revision: number }).revision,
        });
      }
      if (res.status >= 300) throw new Error(describe(res));
      let note = 'imported';
      if (values.publish || values.activate) {
        const pub = await call(base, 'POST', `/api/flows/${encodeURIComponent(def.id!)}/publish`, {
          note: `imported from ${file}`,
        });
        if (pub.status >= 300) throw new Error(describe(pub));
        const version = (pub.body as { version: number }).version;
        note += `, published v${version}`;
        if (values.activate) {
          const act = await call(base, 'POST', `/api/flows/${encodeURIComponent(def.id!)}/activate`, { version });
          if (act.status >= 300) throw new Error(describe(act));
          note += ', active';
        }
      }
      console.log(`${file}: ${note}`);
    } catch (err) {
      console.error(`${file}: ${(err as Error).message}`);
      failed = true;
    }
  }
  return failed ? 1 : 0;
}

/** The API token (--token or WEFT_TOKEN). */
let token = '';

async function call(
  base: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: unknown }> {
  let res: Response;
  const headers: Record<string, string> = {
    ...(body ? { 'content-type': 'application/json' } : {}),
    ...(token ? { authorization: `Bearer ${token}` } : {}),
  };
  try {
    res = await fetch(base + path, { method, headers, body: body ? JSON.stringify(body) : undefined });
  } catch (err) {
    throw new Error(
      `cannot reach ${base} (${(err as Error & { cause?: Error }).cause?.message ?? (err as Error).message}); is the runtime running?`,
    );
  }
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    /* plain text */
  }
  return { status: res.status, body: parsed };
}

function describe(res: { status: number; body: unknown }): string {
  const e = (
    res.body as { error?: { message?: string; details?: { problems?: { message: string; nodeId?: string }[] } } }
  )?.error;
  const problems =
    e?.details?.problems?.map((p) => `\n  - ${p.nodeId ? p.nodeId + ': ' : ''}${p.message}`).join('') ?? '';
  return `HTTP ${res.status}: ${e?.message ?? JSON.stringify(res.body)}${problems}`;
}

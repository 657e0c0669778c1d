// The large-body cell: peak memory growth of one 20 MB webhook run (webhook → map → respond) in a fresh
// runtime, against the bare minimum of reading, parsing and storing that body once in SQLite.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startChild, waitHttpOk, freePort, memoryMb, stopChild } from './procs.ts';
import { ADMIN_TOKEN, ADMIN_AUTH } from '../support/auth.ts';

export interface BigBodyResult {
  bodyMb: number;
  weftGrowthMb: number;
  bareGrowthMb: number;
  ratio: number;
}

const flow = {
  id: 'big-body',
  name: 'Large body',
  schemaVersion: 1,
  nodes: [
    { id: 'in', type: 'trigger.webhook', config: { path: 'big-body' } },
    { id: 'count', type: 'map.jsonata', config: { expression: "{ 'items': $count(items), 'first': items[0].id }" } },
    { id: 'reply', type: 'control.respond', config: { status: 200, body: '=$' } },
  ],
  edges: [
    { id: 'e1', source: 'in', target: 'count' },
    { id: 'e2', source: 'count', target: 'reply' },
  ],
};

async function post(url: string, body: unknown): Promise<unknown> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...ADMIN_AUTH },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`POST ${url} answered ${res.status}: ${text}`);
  return JSON.parse(text);
}

export async function measureBigBody(root: string): Promise<BigBodyResult> {
  const dir = mkdtempSync(join(tmpdir(), 'weft-bigbody-'));
  const items = Array.from({ length: 95_000 }, (_, i) => ({ id: i, name: `item ${i}`, text: 'x'.repeat(180) }));
  const file = join(dir, 'body.json');
  const text = JSON.stringify({ opportunity: { id: 'OPP-BIG' }, items });
  writeFileSync(file, text);
  const bodyMb = Buffer.byteLength(text) / 1048576;
  const port = await freePort();
  const weft = startChild(
    'weft-big',
    [
      join(root, 'runtime/dist/weft.mjs'),
      'start',
      '--port',
      String(port),
      '--host',
      '127.0.0.1',
      '--data',
      join(dir, 'data'),
    ],
    { WEFT_EXAMPLES: 'off', WEFT_DEMO: 'off', WEFT_LOG_LEVEL: 'warn', WEFT_BOOTSTRAP_TOKEN: ADMIN_TOKEN },
  );
  try {
    const bare = JSON.parse(
      execFileSync(
        process.execPath,
        ['--import', 'tsx', join(root, 'test/bench/big-body-bare.ts'), file, join(dir, 'bare.db')],
        { cwd: root, encoding: 'utf8' },
      ),
    ) as { growthMb: number };
    const base = `http://127.0.0.1:${port}`;
    await waitHttpOk(weft, `${base}/healthz`, 30_000);
    await post(`${base}/api/flows`, flow);
    const { version } = (await post(`${base}/api/flows/big-body/publish`, {})) as { version: number };
    await post(`${base}/api/flows/big-body/activate`, { version });
    const before = memoryMb(weft.pid).hwm;
    const res = await fetch(`${base}/hooks/big-body`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: text,
      signal: AbortSignal.timeout(60_000),
    });
    const answer = (await res.json()) as { items?: number };
    if (res.status !== 200 || answer.items !== items.length)
      throw new Error(`the large-body run answered ${res.status}: ${JSON.stringify(answer)}`);
    const weftGrowthMb = memoryMb(weft.pid).hwm - before;
    return { bodyMb, weftGrowthMb, bareGrowthMb: bare.growthMb, ratio: weftGrowthMb / bare.growthMb };
  } finally {
    await stopChild(weft);
    rmSync(dir, { recursive: true, force: true });
  }
}

// The loop cell: peak RSS growth of one run whose loop goes through 10,000 items (a body step per item),
// against the same run with 100 (and 1,000) items, each in a fresh runtime, the run page polled every second. A loop keeps its list once and a cursor;
// what may grow with the item count is the loop's output (the results, stored at the end), nothing per item.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startChild, waitHttpOk, freePort, memoryMb, stopChild } from './procs.ts';
import { ADMIN_TOKEN, ADMIN_AUTH } from '../support/auth.ts';

export interface LoopRun {
  items: number;
  growthMb: number;
  seconds: number;
  /** Bytes of JSON of the loop's output (its results). */
  outputMb: number;
}

export interface LoopMemoryResult {
  small: LoopRun;
  middle: LoopRun;
  large: LoopRun;
}

const CONCURRENCY = 10;

const flow = {
  id: 'loop-bench',
  name: 'Loop over many items',
  schemaVersion: 1,
  nodes: [
    { id: 'in', type: 'trigger.webhook', config: { path: 'loop-bench', respond: 'immediately' } },
    { id: 'loop', type: 'control.loop', config: { items: '=entries', concurrency: CONCURRENCY } },
    {
      id: 'line',
      type: 'map.jsonata',
      parentId: 'loop',
      config: { expression: "{ 'entry': item.id, 'amount': item.hours * 150 }" },
    },
    {
      id: 'sum',
      type: 'map.jsonata',
      config: { expression: "{ 'lines': $count(results), 'total': $sum(results.amount) }" },
    },
  ],
  edges: [
    { id: 'e1', source: 'in', target: 'loop' },
    { id: 'e2', source: 'loop', target: 'sum' },
  ],
};

async function call(method: string, url: string, body?: unknown): Promise<unknown> {
  const res = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json', ...ADMIN_AUTH },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${url} answered ${res.status}: ${text}`);
  return JSON.parse(text);
}

/** One run of `items` entries in a fresh runtime: how much its peak RSS grew while the run went through them. */
async function loopRun(root: string, items: number): Promise<LoopRun> {
  const dir = mkdtempSync(join(tmpdir(), 'weft-loop-bench-'));
  const port = await freePort();
  const weft = startChild(
    `weft-loop-${items}`,
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
    const base = `http://127.0.0.1:${port}`;
    await waitHttpOk(weft, `${base}/healthz`, 30_000);
    await call('POST', `${base}/api/flows`, flow);
    const { version } = (await call('POST', `${base}/api/flows/loop-bench/publish`, {})) as { version: number };
    await call('POST', `${base}/api/flows/loop-bench/activate`, { version });
    const entries = Array.from({ length: items }, (_, i) => ({ id: `TE-${i}`, hours: (i % 8) + 1 }));
    const before = memoryMb(weft.pid).rss;
    const t0 = performance.now();
    const { runId } = (await call('POST', `${base}/hooks/loop-bench`, { entries })) as { runId: string };
    const deadline = Date.now() + 600_000;
    let run: { status: string; steps?: { nodeId: string; output: unknown }[] };
    for (;;) {
      run = (await call('GET', `${base}/api/runs/${runId}`)) as typeof run;
      if (run.status !== 'running') break;
      if (Date.now() > deadline) throw new Error(`the ${items}-item loop run did not finish within 10 minutes`);
      await new Promise((r) => setTimeout(r, 1000));
    }
    const seconds = (performance.now() - t0) / 1000;
    const growthMb = memoryMb(weft.pid).hwm - before;
    const sum = run.steps?.find((s) => s.nodeId === 'sum')?.output as { lines?: number } | undefined;
    if (run.status !== 'succeeded' || sum?.lines !== items)
      throw new Error(`the ${items}-item loop run ended ${run.status}: ${JSON.stringify(sum)}`);
    const results = entries.map((e) => ({ entry: e.id, amount: e.hours * 150 }));
    const outputMb = Buffer.byteLength(JSON.stringify({ results, failed: [] })) / 1048576;
    return { items, growthMb, seconds, outputMb };
  } finally {
    await stopChild(weft);
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function measureLoopMemory(root: string): Promise<LoopMemoryResult> {
  const small = await loopRun(root, 100);
  const middle = await loopRun(root, 1000);
  const large = await loopRun(root, 10_000);
  return { small, middle, large };
}

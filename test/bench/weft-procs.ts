// The Weft processes the bench measures: one per SQLite mode on its own data folder, and on PostgreSQL one
// process, or several sharing one database (the flow loaded through the first, the others answering once
// its activation reached them).
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startChild, waitHttpOk, freePort, type Child } from './procs.ts';
import { opportunity, type StoreKind, type SyncMode } from './load.ts';
import { createBenchDatabase } from './postgres-db.ts';
import { ADMIN_TOKEN, ADMIN_AUTH } from '../support/auth.ts';

export interface FlowDef {
  id: string;
  nodes: Array<{ id: string; type: string; config: Record<string, unknown> }>;
}

/** The flow's webhook (test/fixtures/opportunity-won-to-erp.json), on the baseline as on Weft. */
export const HOOK_PATH = '/hooks/opportunity-won';

export interface WeftProcess {
  child: Child;
  base: string;
}

/** One measured Weft set-up: its store, and the processes serving it (several only on PostgreSQL). */
export interface WeftGroup {
  store: StoreKind;
  sync?: SyncMode;
  /** false: started with WEFT_METRICS=off. */
  metrics?: boolean;
  /** true: started with OTEL_EXPORTER_OTLP_ENDPOINT set (tracing on). */
  tracing?: boolean;
  /** Another Weft checkout's runtime (--against): its commit. */
  against?: string;
  procs: WeftProcess[];
}

/** The repository, and where data folders are recorded so they are removed at the end (procs.ts stops the children). */
export interface Started {
  root: string;
  dataDirs: string[];
}

export async function api(
  base: string,
  method: string,
  path: string,
  body: unknown,
  expect: number[],
): Promise<Record<string, unknown>> {
  const res = await fetch(base + path, {
    method,
    headers: { 'content-type': 'application/json', ...ADMIN_AUTH },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await res.text();
  if (!expect.includes(res.status)) throw new Error(`${method} ${path} answered ${res.status}: ${text}`);
  return JSON.parse(text) as Record<string, unknown>;
}

/** Sends one opportunity and returns the status and the parsed body. */
async function send(url: string, id: string): Promise<{ status: number; text: string }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: opportunity(id),
    signal: AbortSignal.timeout(10_000),
  });
  return { status: res.status, text: await res.text() };
}

/** Sends one opportunity and returns the parsed 201 body (anything else throws). */
export async function probe(url: string, id: string): Promise<Record<string, unknown>> {
  const { status, text } = await send(url, id);
  if (status !== 201) throw new Error(`POST ${url} answered ${status}: ${text}`);
  return JSON.parse(text) as Record<string, unknown>;
}

/** BENCH_CPU_PROF=<dir>: the runtime writes a V8 CPU profile there when it stops (slows it down; for diagnosis only). */
/** Node flags for the runtimes: BENCH_CPU_PROF's profiles, and BENCH_NODE_FLAGS (space-separated). */
function runtimeNodeFlags(): string[] {
  const dir = process.env.BENCH_CPU_PROF;
  const extra = (process.env.BENCH_NODE_FLAGS ?? '').split(/\s+/).filter(Boolean);
  return [...(dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : []), ...extra];
}

async function startProcess(
  name: string,
  env: Record<string, string>,
  stubPort: number,
  s: Started,
): Promise<WeftProcess> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'weft-bench-'));
  s.dataDirs.push(dataDir);
  const child = startChild(
    name,
    [join(s.root, 'runtime/dist/weft.mjs'), 'start', '--port', String(port), '--host', '127.0.0.1', '--data', dataDir],
    {
      WEFT_EXAMPLES: 'off',
      WEFT_DEMO: 'off',
      WEFT_LOG_LEVEL: 'warn',
      WEFT_BOOTSTRAP_TOKEN: ADMIN_TOKEN,
      WEFT_EGRESS_ALLOW: `127.0.0.1:${stubPort}`,
      ...env,
    },
    runtimeNodeFlags(),
  );
  const base = `http://127.0.0.1:${port}`;
  await waitHttpOk(child, `${base}/healthz`, 30_000);
  return { child, base };
}

/** The store /healthz reports, checked against what the process was started with. */
async function expectStore(p: WeftProcess, dialect: StoreKind, synchronous: string): Promise<void> {
  const health = (await (await fetch(`${p.base}/healthz`, { signal: AbortSignal.timeout(5000) })).json()) as {
    store?: { dialect?: string; synchronous?: string };
  };
  if (health.store?.dialect !== dialect || health.store?.synchronous !== synchronous)
    throw new Error(
      `${p.child.name} reports ${JSON.stringify(health.store)} in /healthz, expected ${dialect} with synchronous ${synchronous}`,
    );
}

async function loadFlow(base: string, flow: FlowDef): Promise<void> {
  await api(base, 'POST', '/api/flows', flow, [201]);
  const published = await api(base, 'POST', `/api/flows/${flow.id}/publish`, {}, [200, 201]);
  await api(base, 'POST', `/api/flows/${flow.id}/activate`, { version: published.version }, [200]);
}

/**
 * A Weft runtime with WEFT_SQLITE_SYNC=`sync` on its own data folder, the flow loaded; `metrics` false:
 * WEFT_METRICS=off; `otlp`: tracing on, exporting to that OTLP/HTTP endpoint.
 */
export async function startSqliteWeft(
  sync: SyncMode,
  stubPort: number,
  flow: FlowDef,
  s: Started,
  metrics = true,
  otlp: string | null = null,
): Promise<WeftGroup> {
  const name = `weft (${sync}${metrics ? '' : ', metrics off'}${otlp ? ', tracing' : ''})`;
  const env: Record<string, string> = { WEFT_SQLITE_SYNC: sync, WEFT_METRICS: metrics ? 'on' : 'off' };
  if (otlp) env.OTEL_EXPORTER_OTLP_ENDPOINT = otlp;
  const p = await startProcess(name, env, stubPort, s);
  await expectStore(p, 'sqlite', sync);
  await loadFlow(p.base, flow);
  return {
    store: 'sqlite',
    sync,
    procs: [p],
    ...(metrics ? {} : { metrics: false }),
    ...(otlp ? { tracing: true } : {}),
  };
}

/**
 * `count` Weft runtimes on one new PostgreSQL database with the same secret key. The first migrates it and
 * gets the flow; each other one is started after, and counts once its webhook answers (the activation
 * reaches it through the database's change notifications).
 */
export async function startPostgresWeft(
  count: number,
  stubPort: number,
  flow: FlowDef,
  s: Started,
): Promise<WeftGroup> {
  const db = await createBenchDatabase();
  const env = { DATABASE_URL: db.url, WEFT_SECRET_KEY: randomBytes(32).toString('base64') };
  const label = count > 1 ? `weft (postgres ×${count})` : 'weft (postgres)';
  const procs: WeftProcess[] = [];
  for (let i = 1; i <= count; i++) {
    const p = await startProcess(count > 1 ? `${label} #${i}` : label, env, stubPort, s);
    await expectStore(p, 'postgres', 'on');
    if (i === 1) await loadFlow(p.base, flow);
    else await waitForWebhook(p, `${flow.id}-${i}`);
    procs.push(p);
  }
  return { store: 'postgres', procs };
}

/** Polls the process's webhook (bounded, 20 s) until a run answers 201. */
async function waitForWebhook(p: WeftProcess, id: string): Promise<void> {
  const url = p.base + HOOK_PATH;
  const deadline = Date.now() + 20_000;
  let last = '';
  for (let n = 1; Date.now() < deadline; n++) {
    if (p.child.proc.exitCode !== null) throw new Error(`${p.child.name} exited:\n${p.child.tail()}`);
    const { status, text } = await send(url, `activation-${id}-${n}`);
    if (status === 201) return;
    last = `${status}: ${text}`;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${p.child.name} did not run the flow within 20 s of its activation (last answer ${last})`);
}

// `npm run bench`: Weft against a bare node:http baseline doing the same work, measured in the same run.
// Starts the ERP stub, the baseline and the runtime as child processes on loopback, loads the
// opportunity-won flow pointed at the stub, then drives them with autocannon at concurrency 1, 10, 50.
// Weft runs once per SQLite durability mode (BENCH_SYNC=both, the default, or full or normal), so the
// table shows what flushing every commit to disk costs. Then one 20 MB webhook body, and the designer
// opening a 300-node flow in headless Chromium (/usr/bin/chromium, or CHROMIUM_PATH).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir, availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startChild, waitReadyLine, waitHttpOk, freePort, memoryMb, stopChild, type Child } from './procs.ts';
import { measure, warmUp, opportunity, labelOf, type Cell, type Target, type SyncMode } from './load.ts';
import {
  markdown,
  verdicts,
  writeArtifacts,
  bigBodyVerdict,
  canvasVerdicts,
  judgedMode,
  type Report,
} from './report.ts';
import { measureBigBody } from './big-body.ts';
import { measureCanvas } from './canvas.ts';
import { ADMIN_TOKEN, ADMIN_AUTH } from '../support/auth.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONCURRENCY = [1, 10, 50];
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
if (!(SECONDS > 0)) throw new Error(`BENCH_SECONDS must be a positive number, got "${process.env.BENCH_SECONDS}"`);
const SYNC_MODES = syncModes(process.env.BENCH_SYNC);

/** BENCH_SYNC: both (default: full, then normal), full or normal. */
function syncModes(v: string | undefined): SyncMode[] {
  if (v === undefined || v === '' || v === 'both') return ['full', 'normal'];
  if (v === 'full' || v === 'normal') return [v];
  throw new Error(`BENCH_SYNC must be both, full or normal, got "${v}"`);
}

interface FlowNode {
  id: string;
  type: string;
  config: Record<string, unknown>;
}
interface FlowDef {
  id: string;
  nodes: FlowNode[];
}

const children: Child[] = [];
const dataDirs: string[] = [];

async function api(
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

/** Sends one opportunity and returns the parsed 201 body (anything else throws). */
async function probe(url: string, id: string): Promise<Record<string, unknown>> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: opportunity(id),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await res.text();
  if (res.status !== 201) throw new Error(`POST ${url} answered ${res.status}: ${text}`);
  return JSON.parse(text) as Record<string, unknown>;
}

/** Starts a Weft runtime with WEFT_SQLITE_SYNC=`sync` on its own data folder, checks the mode in /healthz, loads the flow. */
async function startWeft(
  sync: SyncMode,
  stubPort: number,
  flow: FlowDef,
): Promise<{ sync: SyncMode; child: Child; base: string }> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), `weft-bench-${sync}-`));
  dataDirs.push(dataDir);
  const child = startChild(
    `weft (${sync})`,
    [join(root, 'runtime/dist/weft.mjs'), 'start', '--port', String(port), '--host', '127.0.0.1', '--data', dataDir],
    {
      WEFT_EXAMPLES: 'off',
      WEFT_DEMO: 'off',
      WEFT_LOG_LEVEL: 'warn',
      WEFT_BOOTSTRAP_TOKEN: ADMIN_TOKEN,
      WEFT_EGRESS_ALLOW: `127.0.0.1:${stubPort}`,
      WEFT_SQLITE_SYNC: sync,
    },
    cpuProfileFlags(),
  );
  children.push(child);
  const base = `http://127.0.0.1:${port}`;
  await waitHttpOk(child, `${base}/healthz`, 30_000);
  const health = (await (await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(5000) })).json()) as {
    store?: { synchronous?: string };
  };
  if (health.store?.synchronous !== sync)
    throw new Error(`weft (${sync}) reports synchronous=${health.store?.synchronous} in /healthz`);
  await api(base, 'POST', '/api/flows', flow, [201]);
  const published = await api(base, 'POST', `/api/flows/${flow.id}/publish`, {}, [200, 201]);
  await api(base, 'POST', `/api/flows/${flow.id}/activate`, { version: published.version }, [200]);
  return { sync, child, base };
}

function check(cell: Cell, child: Child): void {
  const other = Object.keys(cell.statusCodes).filter((c) => c !== '201');
  if (cell.non2xx > 0 || cell.errors > 0 || cell.timeouts > 0 || other.length > 0 || cell.completed === 0)
    throw new Error(
      `${labelOf({ name: cell.target, sync: cell.sync })} at c=${cell.concurrency}: ${cell.completed} answered, ${cell.non2xx} non-2xx, ${cell.errors} errors, ` +
        `${cell.timeouts} timeouts, status codes ${JSON.stringify(cell.statusCodes)}\n${child.tail()}`,
    );
}

async function main(): Promise<void> {
  const flow = JSON.parse(readFileSync(join(root, 'test/fixtures/opportunity-won-to-erp.json'), 'utf8')) as FlowDef;
  const mapExpr = String(flow.nodes.find((n) => n.type === 'map.jsonata')?.config.expression ?? '');
  const erp = flow.nodes.find((n) => n.type === 'connector.http');
  if (!mapExpr || !erp) throw new Error('the flow no longer has a map.jsonata and a connector.http node');

  const stub = startChild('stub', [join(root, 'test/bench/stub-server.ts'), '0']);
  children.push(stub);
  const stubPort = await waitReadyLine(stub, 20_000);

  const baseline = startChild('baseline', [join(root, 'test/bench/baseline-server.ts'), String(stubPort), mapExpr]);
  children.push(baseline);
  const basePort = await waitReadyLine(baseline, 20_000);

  execFileSync('npm', ['run', '-s', 'build:runtime'], { cwd: root, stdio: 'inherit' });
  erp.config = { ...erp.config, url: `http://127.0.0.1:${stubPort}/projects` };
  const wefts: Array<{ sync: SyncMode; child: Child; base: string }> = [];
  for (const sync of SYNC_MODES) wefts.push(await startWeft(sync, stubPort, flow));
  const judged = wefts.find((w) => w.sync === 'full') ?? wefts[0];
  const idleRssMb = { weft: memoryMb(judged.child.pid).rss, baseline: memoryMb(baseline.pid).rss };

  const targets: Array<{ t: Target; child: Child }> = [
    {
      t: { name: 'baseline', url: `http://127.0.0.1:${basePort}/hooks/opportunity-won`, pid: baseline.pid },
      child: baseline,
    },
    ...wefts.map((w) => ({
      t: {
        name: 'weft' as const,
        sync: w.sync,
        url: `${w.base}/hooks/opportunity-won`,
        pid: w.child.pid,
        metricsUrl: `${w.base}/api/metrics`,
      },
      child: w.child,
    })),
  ];
  // Same answer from all (apart from the stub's id and timestamp), then warm-up.
  const shapes = await Promise.all(targets.map(({ t }) => probe(t.url, `probe-${labelOf(t).replace(/\W+/g, '-')}`)));
  const keys = shapes.map(
    (s) =>
      Object.keys(s).sort().join(',') +
      '|' +
      Object.keys(s.erp as object)
        .sort()
        .join(','),
  );
  if (keys.some((k) => k !== keys[0]))
    throw new Error(`baseline and Weft answer differently:\n${JSON.stringify(shapes, null, 2)}`);
  for (const { t } of targets) await warmUp(t, Math.min(2, SECONDS));

  // The targets take turns for ROUNDS rounds per concurrency; each target's median round is reported,
  // so a burst of load from elsewhere on the machine cannot favour one side.
  const cells: Cell[] = [];
  for (const c of CONCURRENCY) {
    const rounds = new Map<string, Cell[]>();
    for (let r = 1; r <= ROUNDS; r++)
      for (const { t, child } of targets) {
        const idle = Object.fromEntries(targets.filter((x) => x.t !== t).map((x) => [`idle ${labelOf(x.t)}`, x.t.pid]));
        process.stderr.write(`bench: ${labelOf(t)} at concurrency ${c}, round ${r}/${ROUNDS}, ${SECONDS} s…\n`);
        const cell = await measure(t, c, SECONDS, { stub: stub.pid, ...idle });
        check(cell, child);
        rounds.set(labelOf(t), [...(rounds.get(labelOf(t)) ?? []), cell]);
      }
    for (const { t } of targets) cells.push(median(rounds.get(labelOf(t))!));
  }

  const getJson = (url: string) =>
    fetch(url, { headers: ADMIN_AUTH, signal: AbortSignal.timeout(5000) }).then((r) => r.json() as Promise<unknown>);
  const stubStats = await getJson(`http://127.0.0.1:${stubPort}/stats`);
  const weftMetrics = Object.fromEntries(
    await Promise.all(wefts.map(async (w) => [w.sync, await getJson(`${w.base}/api/metrics`)] as const)),
  );
  process.stderr.write('bench: one 20 MB webhook body in a fresh runtime…\n');
  const bigBody = await measureBigBody(root);
  process.stderr.write(`bench: the designer on a 300-node flow in headless Chromium, ${ROUNDS} rounds…\n`);
  const canvas = await measureCanvas(root, ROUNDS);
  const report: Report = {
    at: new Date().toISOString(),
    environment: {
      node: process.version,
      cpus: availableParallelism(),
      'seconds per round': SECONDS,
      'rounds (median shown)': ROUNDS,
      'Weft SQLite sync': SYNC_MODES.join(' and '),
      'targets judged with': `synchronous=${judgedMode(cells)}`,
    },
    idleRssMb,
    cells,
    verdicts: [...verdicts(cells, idleRssMb.weft), bigBodyVerdict(bigBody), ...canvasVerdicts(canvas)],
    stub: stubStats,
    weftMetrics,
    bigBody,
    canvas,
  };
  writeArtifacts(report, join(root, 'test/artifacts'));
  console.log(markdown(report));
}

/** BENCH_CPU_PROF=<dir>: the runtime writes a V8 CPU profile there when it stops (slows it down; for diagnosis only). */
function cpuProfileFlags(): string[] {
  const dir = process.env.BENCH_CPU_PROF;
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [];
}

/** The round with the median throughput. */
function median(cells: Cell[]): Cell {
  return [...cells].sort((a, b) => a.runsPerSec - b.runsPerSec)[Math.floor(cells.length / 2)];
}

async function cleanup(): Promise<void> {
  await Promise.all(children.map((c) => stopChild(c)));
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
}

process.once('SIGINT', () => void cleanup().finally(() => process.exit(130)));
main()
  .catch((err: Error) => {
    console.error(`bench failed: ${err.message}`);
    process.exitCode = 2;
  })
  .finally(() => cleanup());

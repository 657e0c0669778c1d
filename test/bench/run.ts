// `npm run bench`: Weft against a bare node:http baseline doing the same work, measured in the same run.
// Starts the ERP stub, the baseline and the runtime as child processes on loopback, loads the
// opportunity-won flow pointed at the stub, then drives them with autocannon at concurrency 1, 10, 50.
// Weft runs once per SQLite durability mode, so the table shows what flushing every commit to disk costs.
// Then one 20 MB webhook body, one loop over 10,000 items (against 100 and 1,000), and the designer opening a 300-node flow in headless Chromium
// (/usr/bin/chromium, or CHROMIUM_PATH).
//
// Flags (after `npm run bench --`):
//   --store postgres   Weft also runs on PostgreSQL: a new database (weft_bench_<pid>_<n>) per target on the
//                      server at WEFT_TEST_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/postgres),
//                      dropped at the end; the table gets a "postgres" row per concurrency beside SQLite's.
//   --processes N      Also N Weft processes on one PostgreSQL database (same secret key, the flow activated
//                      through the first), autocannon's connections dealt to them in turn: a "postgres ×N" row.
//                      Implies --store postgres.
//   --skip canvas,bigbody,loop   Leaves out the designer measurement, the 20 MB body and/or the 10,000-item loop (as BENCH_SKIP).
//   --dashboard             Also times GET /api/dashboard and a flow's page on 1,000,000 seeded runs.
//   --runs-list             Also times GET /api/runs with each filter the designer offers on 240,000 seeded runs.
//   --metrics-off      Weft also runs with WEFT_METRICS=off (in the judged SQLite mode), taking turns with the others:
//                      a "metrics off" row per concurrency, and what metrics cost at c=50 (target ≤ 5%).
//   --tracing          Weft also runs with tracing on (in the judged SQLite mode), exporting its spans to an OTLP/HTTP
//                      sink on loopback, taking turns with the others: a "tracing" row per concurrency, and what
//                      tracing costs at c=50 (target ≤ 15%).
//   --against <folder>  Another Weft checkout (npm ci and npm run build:runtime done there) runs beside this one in
//                      the judged SQLite mode, taking turns with the others: a "@<commit>" row per concurrency,
//                      and this checkout's throughput at c=50 against it (target ≥ 1.00: no slower), e.g. the
//                      commit before the store became asynchronous, a7cd534.
// Environment:
//   BENCH_SYNC=both|full|normal   SQLite modes measured (both, the default: full, then normal).
//   BENCH_SECONDS (5), BENCH_ROUNDS (3)   Length of a round; rounds per cell, the median shown.
//   BENCH_SKIP=canvas,bigbody     Quick runs while developing.
//   BENCH_CPU_PROF=<dir>          The runtimes write V8 CPU profiles there (for diagnosis only).
//   BENCH_NODE_FLAGS='<flags>'    Node/V8 flags the runtimes start with (for diagnosis only).
import { readFileSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startChild, waitReadyLine, memoryMb, stopAll, type Child } from './procs.ts';
import { measure, warmUp, targetLabel, type Cell, type Target } from './load.ts';
import { markdown, writeArtifacts, type Report } from './report.ts';
import {
  verdicts,
  storeVerdicts,
  metricsVerdicts,
  tracingVerdicts,
  againstVerdicts,
  bigBodyVerdict,
  loopMemoryVerdicts,
  canvasVerdicts,
  judgedMode,
} from './verdicts.ts';
import { benchOptions } from './options.ts';
import { HOOK_PATH, probe, startPostgresWeft, startSqliteWeft, type FlowDef, type WeftGroup } from './weft-procs.ts';
import { dropBenchDatabases, postgresPids } from './postgres-db.ts';
import { measureBigBody } from './big-body.ts';
import { measureLoopMemory } from './loop-memory.ts';
import { measureCanvas } from './canvas.ts';
import { dashboardVerdicts, measureDashboard } from './dashboard.ts';
import { measureRunsList, runsListVerdicts } from './runs-list.ts';
import { ADMIN_AUTH } from '../support/auth.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const CONCURRENCY = [1, 10, 50];
const opts = benchOptions(process.argv.slice(2), process.env);
const started = { root, dataDirs: [] as string[] };

function check(cell: Cell, t: Target, children: Child[]): void {
  const other = Object.keys(cell.statusCodes).filter((c) => c !== '201');
  if (cell.non2xx > 0 || cell.errors > 0 || cell.timeouts > 0 || other.length > 0 || cell.completed === 0)
    throw new Error(
      `${targetLabel(t)} at c=${cell.concurrency}: ${cell.completed} answered, ${cell.non2xx} non-2xx, ${cell.errors} errors, ` +
        `${cell.timeouts} timeouts, status codes ${JSON.stringify(cell.statusCodes)}\n${children.map((c) => c.tail()).join('\n')}`,
    );
}

const weftTarget = (w: WeftGroup): { t: Target; children: Child[] } => ({
  t: {
    name: 'weft',
    store: w.store,
    sync: w.sync,
    ...(w.metrics === false ? { metrics: false } : {}),
    ...(w.tracing ? { tracing: true } : {}),
    ...(w.against ? { against: w.against } : {}),
    urls: w.procs.map((p) => p.base + HOOK_PATH),
    pids: w.procs.map((p) => p.child.pid),
    metricsUrls: w.procs.map((p) => `${p.base}/api/metrics`),
  },
  children: w.procs.map((p) => p.child),
});

async function main(): Promise<void> {
  const flow = JSON.parse(readFileSync(join(root, 'test/fixtures/opportunity-won-to-erp.json'), 'utf8')) as FlowDef;
  const mapExpr = String(flow.nodes.find((n) => n.type === 'map.jsonata')?.config.expression ?? '');
  const erp = flow.nodes.find((n) => n.type === 'connector.http');
  if (!mapExpr || !erp) throw new Error('the flow no longer has a map.jsonata and a connector.http node');

  const stub = startChild('stub', [join(root, 'test/bench/stub-server.ts'), '0']);
  const stubPort = await waitReadyLine(stub, 20_000);

  const baseline = startChild('baseline', [join(root, 'test/bench/baseline-server.ts'), String(stubPort), mapExpr]);
  const basePort = await waitReadyLine(baseline, 20_000);

  execFileSync('npm', ['run', '-s', 'build:runtime'], { cwd: root, stdio: 'inherit' });
  erp.config = { ...erp.config, url: `http://127.0.0.1:${stubPort}/projects` };
  const wefts: WeftGroup[] = [];
  for (const sync of opts.syncModes) wefts.push(await startSqliteWeft(sync, stubPort, flow, started));
  // Metrics off beside them, in the mode the targets are judged in.
  const offSync = opts.syncModes.includes('full') ? 'full' : opts.syncModes[0];
  if (opts.metricsOff) wefts.push(await startSqliteWeft(offSync, stubPort, flow, started, false));
  // Tracing on beside them, its spans sent to a collector that counts them.
  const sink = opts.tracing ? startChild('otlp sink', [join(root, 'test/bench/otlp-sink.ts'), '0']) : null;
  const sinkUrl = sink ? `http://127.0.0.1:${await waitReadyLine(sink, 20_000)}` : null;
  if (sinkUrl) wefts.push(await startSqliteWeft(offSync, stubPort, flow, started, true, sinkUrl));
  if (opts.against) {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: opts.against }).toString().trim();
    const other = await startSqliteWeft(offSync, stubPort, flow, { root: opts.against, dataDirs: started.dataDirs });
    wefts.push({ ...other, against: commit });
  }
  if (opts.postgres) {
    wefts.push(await startPostgresWeft(1, stubPort, flow, started));
    if (opts.processes > 1) wefts.push(await startPostgresWeft(opts.processes, stubPort, flow, started));
  }
  const judged = wefts.find((w) => w.sync === 'full' && w.metrics !== false && !w.tracing && !w.against) ?? wefts[0];
  const idleRssMb = { weft: memoryMb(judged.procs[0].child.pid).rss, baseline: memoryMb(baseline.pid).rss };

  const targets: Array<{ t: Target; children: Child[] }> = [
    {
      t: { name: 'baseline', urls: [`http://127.0.0.1:${basePort}${HOOK_PATH}`], pids: [baseline.pid] },
      children: [baseline],
    },
    ...wefts.map(weftTarget),
  ];
  // Same answer from all (apart from the stub's id and timestamp), then warm-up.
  const shapes = await Promise.all(
    targets.flatMap(({ t }) => t.urls.map((url, i) => probe(url, `probe-${targetLabel(t).replace(/\W+/g, '-')}-${i}`))),
  );
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
  for (const { t } of targets) await warmUp(t, Math.min(2, opts.seconds));

  // PostgreSQL's server processes work for the PostgreSQL targets: their CPU is reported, not counted as noise.
  const groups: Record<string, () => Promise<number[]>> = opts.postgres ? { postgres: postgresPids } : {};
  // The targets take turns for ROUNDS rounds per concurrency; each target's median round is reported, and
  // two targets are compared by the median of their round-by-round ratios (verdicts.ts), so a burst of load
  // from elsewhere on the machine, or a drift over the minutes of the bench, cannot favour one side.
  const cells: Cell[] = [];
  for (const c of CONCURRENCY) {
    const rounds = new Map<string, Cell[]>();
    for (let r = 1; r <= opts.rounds; r++)
      // Every other round in the reverse order, so a machine growing busier or quieter favours no target.
      for (const { t, children } of r % 2 === 1 ? targets : [...targets].reverse()) {
        const idle = Object.fromEntries(
          targets.filter((x) => x.t !== t).map((x) => [`idle ${targetLabel(x.t)}`, x.t.pids]),
        );
        process.stderr.write(
          `bench: ${targetLabel(t)} at concurrency ${c}, round ${r}/${opts.rounds}, ${opts.seconds} s…\n`,
        );
        const cell = await measure(t, c, opts.seconds, { stub: [stub.pid], ...idle }, groups);
        check(cell, t, children);
        rounds.set(targetLabel(t), [...(rounds.get(targetLabel(t)) ?? []), cell]);
      }
    for (const { t } of targets) {
      const all = rounds.get(targetLabel(t))!;
      cells.push({ ...median(all), roundsPerSec: all.map((c) => c.runsPerSec) });
    }
  }

  const getJson = (url: string) =>
    fetch(url, { headers: ADMIN_AUTH, signal: AbortSignal.timeout(5000) }).then((r) => r.json() as Promise<unknown>);
  const stubStats = await getJson(`http://127.0.0.1:${stubPort}/stats`);
  const otlpStats = sinkUrl ? await getJson(`${sinkUrl}/stats`) : null;
  const weftMetrics = Object.fromEntries(
    await Promise.all(
      targets.slice(1).map(async ({ t }) => [targetLabel(t), await Promise.all(t.metricsUrls!.map(getJson))] as const),
    ),
  );
  let bigBody: Report['bigBody'] = null;
  if (!opts.skip.has('bigbody')) {
    process.stderr.write('bench: one 20 MB webhook body in a fresh runtime…\n');
    bigBody = await measureBigBody(root);
  }
  let loop: Report['loop'] = null;
  if (!opts.skip.has('loop')) {
    process.stderr.write('bench: one loop run over 100, 1,000 and 10,000 items, each in a fresh runtime…\n');
    loop = await measureLoopMemory(root);
  }
  let canvas: Report['canvas'] = null;
  if (!opts.skip.has('canvas')) {
    process.stderr.write(`bench: the designer on a 300-node flow in headless Chromium, ${opts.rounds} rounds…\n`);
    canvas = await measureCanvas(root, opts.rounds);
  }
  let dashboard: Awaited<ReturnType<typeof measureDashboard>> | null = null;
  if (opts.dashboard) {
    process.stderr.write('bench: the dashboard on 1,000,000 seeded runs…\n');
    dashboard = await measureDashboard();
  }
  let runsList: Awaited<ReturnType<typeof measureRunsList>> | null = null;
  if (opts.runsList) {
    process.stderr.write('bench: the run history on 240,000 seeded runs…\n');
    runsList = await measureRunsList();
  }
  const report: Report = {
    at: new Date().toISOString(),
    environment: {
      node: process.version,
      cpus: availableParallelism(),
      'seconds per round': opts.seconds,
      'rounds (median shown)': opts.rounds,
      'Weft SQLite sync': opts.syncModes.join(' and '),
      ...(opts.postgres
        ? { 'Weft on PostgreSQL': opts.processes > 1 ? `1 and ${opts.processes} processes` : '1 process' }
        : {}),
      'targets judged with': `synchronous=${judgedMode(cells)}`,
      ...(opts.skip.size ? { skipped: [...opts.skip].join(' and ') } : {}),
    },
    idleRssMb,
    cells,
    verdicts: [
      ...verdicts(cells, idleRssMb.weft),
      ...storeVerdicts(cells),
      ...metricsVerdicts(cells),
      ...tracingVerdicts(cells),
      ...againstVerdicts(cells),
      ...(bigBody ? [bigBodyVerdict(bigBody)] : []),
      ...(loop ? loopMemoryVerdicts(loop) : []),
      ...(canvas ? canvasVerdicts(canvas) : []),
      ...(dashboard ? dashboardVerdicts(dashboard) : []),
      ...(runsList ? runsListVerdicts(runsList) : []),
    ],
    stub: stubStats,
    ...(otlpStats ? { otlp: otlpStats } : {}),
    weftMetrics,
    bigBody,
    loop,
    canvas,
  };
  writeArtifacts(report, join(root, 'test/artifacts'));
  console.log(markdown(report));
}

/** The round with the median throughput. */
function median(cells: Cell[]): Cell {
  return [...cells].sort((a, b) => a.runsPerSec - b.runsPerSec)[Math.floor(cells.length / 2)];
}

/** Stops every process the bench started, then drops its databases and removes its data folders. */
let cleaning: Promise<void> | null = null;
function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    await stopAll();
    for (const dir of started.dataDirs) rmSync(dir, { recursive: true, force: true });
    await dropBenchDatabases().catch((err: Error) => {
      console.error(`bench: ${err.message}`);
      process.exitCode ||= 2;
    });
  })();
  return cleaning;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => void cleanup().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143)));
main()
  .catch((err: Error) => {
    console.error(`bench failed: ${err.message}`);
    process.exitCode = 2;
  })
  .finally(() => cleanup());

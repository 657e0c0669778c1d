// One bench cell: autocannon at a fixed concurrency and duration against one target (its connections spread
// over the target's processes), with the RSS peak and (for Weft) the steps committed meanwhile.
import autocannon, { type AutocannonResult } from 'autocannon';
import { cpuSeconds, machineCpuSeconds, memoryMb, resetPeak } from './procs.ts';
import { ADMIN_AUTH } from '../support/auth.ts';

export type SyncMode = 'full' | 'normal';
export type StoreKind = 'sqlite' | 'postgres';

export interface Target {
  name: 'baseline' | 'weft';
  /** Weft's store; none for the baseline, which persists nothing. */
  store?: StoreKind;
  /** Weft's SQLite durability (WEFT_SQLITE_SYNC) on SQLite. */
  sync?: SyncMode;
  /** false: Weft runs with WEFT_METRICS=off. */
  metrics?: boolean;
  /** true: Weft runs with tracing on (OTEL_EXPORTER_OTLP_ENDPOINT set). */
  tracing?: boolean;
  /** Another Weft checkout's runtime (--against): its commit. */
  against?: string;
  /** The webhook URL of each process; connection i goes to urls[i % urls.length]. */
  urls: string[];
  pids: number[];
  /** Per process, a GET URL returning { engine: { stepsCommitted, runsFinished } } — Weft only. */
  metricsUrls?: string[];
}

export interface Cell {
  target: Target['name'];
  store: StoreKind | null;
  sync: SyncMode | null;
  /** Processes serving the target (several: Weft processes sharing one PostgreSQL database). */
  processes: number;
  /** false: Weft ran with WEFT_METRICS=off (absent in cells recorded before: on). */
  metrics?: boolean;
  /** true: Weft ran with tracing on, exporting to the bench's OTLP sink. */
  tracing?: boolean;
  /** Another Weft checkout's runtime (--against): its commit. */
  against?: string;
  concurrency: number;
  seconds: number;
  runsPerSec: number;
  autocannonMeanPerSec: number;
  p50Ms: number;
  p99Ms: number;
  stepsPerSec: number | null;
  stepsPerRun: number | null;
  /** The largest peak RSS among the target's processes. */
  peakRssMb: number;
  completed: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  /**
   * Share of one core used during the cell, in %: the target's processes, the load generator, each watched
   * process or group (PostgreSQL's server processes as "postgres"), all others.
   */
  cpuPercent: Record<string, number>;
  /**
   * Runs/s of every round of the cell, in the order measured (the targets take turns round by round), so
   * two targets compare round by round, each pair measured within seconds of each other.
   */
  roundsPerSec?: number[];
}

/** The webhook payload; every request of the bench gets its own opportunity id (so its own Idempotency-Key). */
export const opportunity = (id: string) =>
  `{"opportunity":{"id":"OPP-${id}","currency":"EUR","account":{"id":"ACC-1"},"lines":[{"qty":10,"rate":1200},{"qty":4,"rate":950}]}}`;

let batch = 0;

interface EngineStats {
  stepsCommitted: number;
  runsFinished: number;
}

async function engineStats(url: string): Promise<EngineStats> {
  const res = await fetch(url, { headers: ADMIN_AUTH, signal: AbortSignal.timeout(5000) });
  if (res.status !== 200) throw new Error(`GET ${url} answered ${res.status}`);
  return ((await res.json()) as { engine: EngineStats }).engine;
}

/** The engine counters summed over the target's processes; null for the baseline. */
async function totalStats(urls: string[] | undefined): Promise<EngineStats | null> {
  if (!urls?.length) return null;
  const all = await Promise.all(urls.map(engineStats));
  return {
    stepsCommitted: all.reduce((n, s) => n + s.stepsCommitted, 0),
    runsFinished: all.reduce((n, s) => n + s.runsFinished, 0),
  };
}

/** CPU seconds used so far by each process (NaN for one that is gone). */
const cpuOf = (pids: number[]) => new Map(pids.map((pid) => [pid, cpuSeconds(pid)]));

/** CPU seconds `after`'s processes used since `before` (a process not in `before` started meanwhile). */
function cpuSpent(before: Map<number, number>, after: Map<number, number>): number {
  let sum = 0;
  for (const [pid, s] of after) {
    const spent = s - (before.get(pid) ?? 0);
    if (Number.isFinite(spent)) sum += spent;
  }
  return sum;
}

/**
 * autocannon with a hard bound: stopped at duration + 30 s, abandoned at + 45 s. With several URLs (on one
 * path), autocannon gives connection i to urls[i % urls.length] and reports them together.
 */
function cannon(urls: string[], connections: number, seconds: number): Promise<AutocannonResult> {
  const prefix = `${process.pid}-${++batch}-`;
  let n = 0;
  const path = new URL(urls[0]).pathname;
  if (urls.some((u) => new URL(u).pathname !== path)) throw new Error(`one path for all URLs: ${urls.join(', ')}`);
  const url = urls.length === 1 ? urls[0] : urls;
  const request = { method: 'POST', path, headers: { 'content-type': 'application/json' } };
  return new Promise((resolve, reject) => {
    const inst = autocannon(
      {
        url,
        connections,
        duration: seconds,
        timeout: 10,
        requests: [{ ...request, setupRequest: (req) => ({ ...req, body: opportunity(prefix + n++) }) }],
      },
      (err, result) => {
        clearTimeout(soft);
        clearTimeout(hard);
        if (err) reject(err);
        else resolve(result);
      },
    );
    const soft = setTimeout(() => inst.stop(), (seconds + 30) * 1000);
    const hard = setTimeout(
      () => reject(new Error(`autocannon against ${urls.join(', ')} did not finish within ${seconds + 45} s`)),
      (seconds + 45) * 1000,
    );
  });
}

/**
 * `watch`: other processes (name → pids) whose CPU use during the cell is recorded too; `groups`: the
 * same for sets of processes read when the cell starts and ends (processes coming and going meanwhile).
 */
export async function measure(
  t: Target,
  connections: number,
  seconds: number,
  watch: Record<string, number[]>,
  groups: Record<string, () => Promise<number[]>> = {},
): Promise<Cell> {
  const peaks = t.pids.map((pid) => ({ pid, reset: resetPeak(pid), sampled: memoryMb(pid).rss }));
  const sampler = setInterval(() => {
    for (const p of peaks)
      try {
        p.sampled = Math.max(p.sampled, memoryMb(p.pid).rss);
      } catch {
        /* the process is gone; autocannon will report the errors */
      }
  }, 100);
  try {
    const before = await totalStats(t.metricsUrls);
    const groupPids0 = await readGroups(groups);
    const started = performance.now();
    const pids: Record<string, number[]> = { target: t.pids, ...watch, ...groupPids0 };
    const cpu0 = Object.fromEntries(Object.entries(pids).map(([k, p]) => [k, cpuOf(p)]));
    const self0 = process.cpuUsage();
    const machine0 = machineCpuSeconds();
    const r = await cannon(t.urls, connections, seconds);
    const selfCpu = process.cpuUsage(self0);
    const machine1 = machineCpuSeconds();
    const cpu1 = Object.fromEntries(Object.entries(pids).map(([k, p]) => [k, cpuOf(p)]));
    const cpuSpan = (performance.now() - started) / 1000;
    for (const [k, p] of Object.entries(await readGroups(groups))) {
      // Server processes that started during the cell count from zero.
      for (const pid of p) if (!cpu1[k].has(pid)) cpu1[k].set(pid, cpuSeconds(pid));
    }
    const pct = (s: number) => Math.round((s / cpuSpan) * 100);
    const cpuPercent: Record<string, number> = { autocannon: pct((selfCpu.user + selfCpu.system) / 1e6) };
    for (const k of Object.keys(pids)) cpuPercent[k] = pct(cpuSpent(cpu0[k], cpu1[k]));
    const ours = Object.values(cpuPercent).reduce((x, y) => x + y, 0);
    cpuPercent.others = Math.max(0, pct(machine1 - machine0) - ours); // anything else on the machine: noise
    const after = await totalStats(t.metricsUrls);
    const elapsed = (performance.now() - started) / 1000;
    const peakRssMb = Math.max(
      ...peaks.map((p) => {
        try {
          const mem = memoryMb(p.pid);
          return Math.max(p.sampled, p.reset ? mem.hwm : mem.rss);
        } catch {
          return p.sampled; // the process is gone: check() reports the failed requests
        }
      }),
    );
    const steps = before && after ? after.stepsCommitted - before.stepsCommitted : null;
    const runs = before && after ? after.runsFinished - before.runsFinished : null;
    const statusCodes: Record<string, number> = {};
    for (const [code, s] of Object.entries(r.statusCodeStats)) statusCodes[code] = s.count;
    return {
      target: t.name,
      store: t.store ?? null,
      sync: t.sync ?? null,
      processes: t.pids.length,
      ...(t.metrics === false ? { metrics: false } : {}),
      ...(t.tracing ? { tracing: true } : {}),
      ...(t.against ? { against: t.against } : {}),
      concurrency: connections,
      seconds,
      // 2xx / elapsed, not r.requests.average: autocannon's per-second samples can end with a near-empty
      // sixth one (its stop timer races its 1 s tick), which drags the mean down by up to 1/duration.
      runsPerSec: r['2xx'] / r.duration,
      autocannonMeanPerSec: r.requests.average,
      p50Ms: r.latency.p50,
      p99Ms: r.latency.p99,
      stepsPerSec: steps === null ? null : steps / elapsed,
      stepsPerRun: steps !== null && runs ? steps / runs : null,
      peakRssMb,
      completed: r['2xx'],
      non2xx: r.non2xx,
      errors: r.errors,
      timeouts: r.timeouts,
      statusCodes,
      cpuPercent,
    };
  } finally {
    clearInterval(sampler);
  }
}

async function readGroups(groups: Record<string, () => Promise<number[]>>): Promise<Record<string, number[]>> {
  const entries = await Promise.all(Object.entries(groups).map(async ([k, read]) => [k, await read()] as const));
  return Object.fromEntries(entries);
}

interface Named {
  store?: StoreKind | null;
  sync?: SyncMode | null;
  processes?: number;
  metrics?: boolean;
  tracing?: boolean;
  against?: string;
}

/**
 * How a Weft target's store is named in the table: "sqlite full", "postgres", "postgres ×2", "sqlite full,
 * metrics off"; null for the baseline.
 */
export function storeOf(t: Named): string | null {
  const off =
    (t.metrics === false ? ', metrics off' : '') + (t.tracing ? ', tracing' : '') + (t.against ? ` @${t.against}` : '');
  if (t.store === 'postgres') return ((t.processes ?? 1) > 1 ? `postgres ×${t.processes}` : 'postgres') + off;
  // Cells written before the store was recorded are SQLite ones.
  return t.sync ? `sqlite ${t.sync}${off}` : null;
}

/** How a target is named in progress lines: "weft (full)", "weft (postgres ×2)", "weft (full, metrics off)", "baseline". */
export function labelOf(t: Named & { name: string }) {
  if (t.store === 'postgres') return `${t.name} (${storeOf(t)})`;
  const extra =
    (t.metrics === false ? ', metrics off' : '') + (t.tracing ? ', tracing' : '') + (t.against ? ` @${t.against}` : '');
  return t.sync ? `${t.name} (${t.sync}${extra})` : t.name;
}

export const targetLabel = (t: Target) => labelOf({ ...t, processes: t.pids.length });

/** Short load to warm the JIT, pools and caches; its numbers are discarded. */
export async function warmUp(t: Target, seconds: number): Promise<void> {
  const r = await cannon(t.urls, 10, seconds);
  if (r.non2xx > 0 || r.errors > 0 || r['2xx'] === 0)
    throw new Error(
      `${targetLabel(t)} warm-up: ${r['2xx']} answered, ${r.non2xx} non-2xx, ${r.errors} errors (${JSON.stringify(r.statusCodeStats)})`,
    );
}

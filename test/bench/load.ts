// One bench cell: autocannon at a fixed concurrency and duration against one target, with the target's
// RSS peak and (for Weft) the steps it committed meanwhile.
import autocannon, { type AutocannonResult } from 'autocannon';
import { cpuSeconds, machineCpuSeconds, memoryMb, resetPeak } from './procs.ts';
import { ADMIN_AUTH } from '../support/auth.ts';

export type SyncMode = 'full' | 'normal';

export interface Target {
  name: 'baseline' | 'weft';
  /** Weft's SQLite durability (WEFT_SQLITE_SYNC) for this target; none for the baseline, which persists nothing. */
  sync?: SyncMode;
  url: string;
  pid: number;
  /** GET URL returning { engine: { stepsCommitted, runsFinished } } — Weft only. */
  metricsUrl?: string;
}

export interface Cell {
  target: Target['name'];
  sync: SyncMode | null;
  concurrency: number;
  seconds: number;
  runsPerSec: number;
  autocannonMeanPerSec: number;
  p50Ms: number;
  p99Ms: number;
  stepsPerSec: number | null;
  stepsPerRun: number | null;
  peakRssMb: number;
  completed: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  /** Share of one core used during the cell, in %: the target, the load generator, each watched process, all others. */
  cpuPercent: Record<string, number>;
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

/** autocannon with a hard bound: stopped at duration + 30 s, abandoned at + 45 s. */
function cannon(url: string, connections: number, seconds: number): Promise<AutocannonResult> {
  const prefix = `${process.pid}-${++batch}-`;
  let n = 0;
  const request = { method: 'POST', path: new URL(url).pathname, headers: { 'content-type': 'application/json' } };
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
      () => reject(new Error(`autocannon against ${url} did not finish within ${seconds + 45} s`)),
      (seconds + 45) * 1000,
    );
  });
}

/** `watch`: other processes (name → pid) whose CPU use during the cell is recorded too. */
export async function measure(
  t: Target,
  connections: number,
  seconds: number,
  watch: Record<string, number>,
): Promise<Cell> {
  const peakReset = resetPeak(t.pid);
  let sampled = memoryMb(t.pid).rss;
  const sampler = setInterval(() => {
    try {
      sampled = Math.max(sampled, memoryMb(t.pid).rss);
    } catch {
      /* the process is gone; autocannon will report the errors */
    }
  }, 100);
  try {
    const before = t.metricsUrl ? await engineStats(t.metricsUrl) : null;
    const started = performance.now();
    const pids: Record<string, number> = { target: t.pid, ...watch };
    const cpu0 = Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, cpuSeconds(pid)]));
    const self0 = process.cpuUsage();
    const machine0 = machineCpuSeconds();
    const r = await cannon(t.url, connections, seconds);
    const selfCpu = process.cpuUsage(self0);
    const cpuSpan = (performance.now() - started) / 1000;
    const pct = (s: number) => Math.round((s / cpuSpan) * 100);
    const cpuPercent: Record<string, number> = { autocannon: pct((selfCpu.user + selfCpu.system) / 1e6) };
    for (const [k, pid] of Object.entries(pids)) cpuPercent[k] = pct(cpuSeconds(pid) - cpu0[k]);
    const ours = Object.values(cpuPercent).reduce((x, y) => x + y, 0);
    cpuPercent.others = Math.max(0, pct(machineCpuSeconds() - machine0) - ours); // anything else on the machine: noise
    const after = t.metricsUrl ? await engineStats(t.metricsUrl) : null;
    const elapsed = (performance.now() - started) / 1000;
    let mem = { rss: NaN, hwm: NaN };
    try {
      mem = memoryMb(t.pid);
    } catch {
      /* the target is gone: check() reports the failed requests */
    }
    const steps = before && after ? after.stepsCommitted - before.stepsCommitted : null;
    const runs = before && after ? after.runsFinished - before.runsFinished : null;
    const statusCodes: Record<string, number> = {};
    for (const [code, s] of Object.entries(r.statusCodeStats)) statusCodes[code] = s.count;
    return {
      target: t.name,
      sync: t.sync ?? null,
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
      peakRssMb: Math.max(sampled, peakReset ? mem.hwm : mem.rss),
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

/** How a target is named in progress lines and the table: "weft (full)", "baseline". */
export const labelOf = (t: { name: string; sync?: SyncMode | null }) => (t.sync ? `${t.name} (${t.sync})` : t.name);

/** Short load to warm the JIT, pools and caches; its numbers are discarded. */
export async function warmUp(t: Target, seconds: number): Promise<void> {
  const r = await cannon(t.url, 10, seconds);
  if (r.non2xx > 0 || r.errors > 0 || r['2xx'] === 0)
    throw new Error(
      `${t.name} warm-up: ${r['2xx']} answered, ${r.non2xx} non-2xx, ${r.errors} errors (${JSON.stringify(r.statusCodeStats)})`,
    );
}

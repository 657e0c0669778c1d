// One bench cell: autocannon at a fixed concurrency and duration against one target, with the target's
// RSS peak and (for Weft) the steps it committed meanwhile.
import autocannon, { type AutocannonResult } from 'autocannon';
import { memoryMb, resetPeak } from './procs.ts';

export interface Target {
  name: 'baseline' | 'weft';
  url: string;
  pid: number;
  /** GET URL returning { engine: { stepsCommitted, runsFinished } } — Weft only. */
  metricsUrl?: string;
}

export interface Cell {
  target: Target['name'];
  concurrency: number;
  seconds: number;
  runsPerSec: number;
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
}

export const BODY =
  '{"opportunity":{"id":"OPP-[<id>]","currency":"EUR","account":{"id":"ACC-1"},"lines":[{"qty":10,"rate":1200},{"qty":4,"rate":950}]}}';

interface EngineStats { stepsCommitted: number; runsFinished: number }

async function engineStats(url: string): Promise<EngineStats> {
  const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
  if (res.status !== 200) throw new Error(`GET ${url} answered ${res.status}`);
  return ((await res.json()) as { engine: EngineStats }).engine;
}

/** autocannon with a hard bound: stopped at duration + 30 s, abandoned at + 45 s. */
function cannon(url: string, connections: number, seconds: number): Promise<AutocannonResult> {
  return new Promise((resolve, reject) => {
    const inst = autocannon(
      { url, method: 'POST', headers: { 'content-type': 'application/json' }, body: BODY, idReplacement: true, connections, duration: seconds, timeout: 10 },
      (err, result) => {
        clearTimeout(soft);
        clearTimeout(hard);
        if (err) reject(err);
        else resolve(result);
      },
    );
    const soft = setTimeout(() => inst.stop(), (seconds + 30) * 1000);
    const hard = setTimeout(() => reject(new Error(`autocannon against ${url} did not finish within ${seconds + 45} s`)), (seconds + 45) * 1000);
  });
}

export async function measure(t: Target, connections: number, seconds: number): Promise<Cell> {
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
    const r = await cannon(t.url, connections, seconds);
    const after = t.metricsUrl ? await engineStats(t.metricsUrl) : null;
    const elapsed = (performance.now() - started) / 1000;
    const mem = memoryMb(t.pid);
    const steps = before && after ? after.stepsCommitted - before.stepsCommitted : null;
    const runs = before && after ? after.runsFinished - before.runsFinished : null;
    const statusCodes: Record<string, number> = {};
    for (const [code, s] of Object.entries(r.statusCodeStats)) statusCodes[code] = s.count;
    return {
      target: t.name,
      concurrency: connections,
      seconds,
      runsPerSec: r.requests.average,
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
    };
  } finally {
    clearInterval(sampler);
  }
}

/** Short load to warm the JIT, pools and caches; its numbers are discarded. */
export async function warmUp(t: Target, seconds: number): Promise<void> {
  const r = await cannon(t.url, 10, seconds);
  if (r.non2xx > 0 || r.errors > 0) throw new Error(`${t.name} warm-up: ${r.non2xx} non-2xx, ${r.errors} errors (${JSON.stringify(r.statusCodeStats)})`);
}

// The bench's targets: each measured figure against its target, PASS or MISS.
import type { Cell } from './load.ts';
import type { LoopMemoryResult } from './loop-memory.ts';
import type { BigBodyResult } from './big-body.ts';
import type { CanvasResult } from './canvas.ts';

export interface Verdict {
  name: string;
  value: string;
  target: string;
  pass: boolean;
}

const f = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 0 });
/** Weft as configured by default, with its metrics on and tracing off (the cells of --metrics-off and --tracing are compared apart). */
const isSqlite = (c: Cell) =>
  c.target === 'weft' && c.store !== 'postgres' && c.metrics !== false && !c.tracing && !c.against;
const isPostgres = (processes: number) => (c: Cell) =>
  c.target === 'weft' && c.store === 'postgres' && c.processes === processes && c.metrics !== false && !c.tracing;
const metricsOff = (c: Cell) => c.target === 'weft' && c.store !== 'postgres' && c.metrics === false;
const tracingOn = (c: Cell) => c.target === 'weft' && c.store !== 'postgres' && c.tracing === true;

/** The mode the targets are judged in: Weft's default (full) when it was measured. */
export function judgedMode(cells: Cell[]): Cell['sync'] {
  return cells.some((c) => isSqlite(c) && c.sync === 'full') ? 'full' : (cells.find(isSqlite)?.sync ?? null);
}

/**
 * Throughput of `a` against `b`: the median of their round-by-round ratios when both have their rounds
 * (each pair measured within seconds of each other, so drift over the bench cancels out), else the ratio
 * of their median rounds. `text` gives the medians and the ratio of each round.
 */
export function throughputRatio(a: Cell, b: Cell): { ratio: number; text: string } {
  const ra = a.roundsPerSec ?? [];
  const rb = b.roundsPerSec ?? [];
  const medians = `${f(a.runsPerSec)} / ${f(b.runsPerSec)} runs/s`;
  if (ra.length < 2 || ra.length !== rb.length) {
    const ratio = a.runsPerSec / b.runsPerSec;
    return { ratio, text: `${medians} = ${ratio.toFixed(2)}` };
  }
  const each = ra.map((x, i) => x / rb[i]);
  const ratio = [...each].sort((x, y) => x - y)[Math.floor(each.length / 2)];
  return {
    ratio,
    text: `${ratio.toFixed(2)}: median of the rounds' ${each.map((x) => x.toFixed(2)).join(', ')} (${medians})`,
  };
}

function at(cells: Cell[], which: (c: Cell) => boolean, concurrency: number, name: string): Cell {
  const found = cells.find((c) => which(c) && c.concurrency === concurrency);
  if (!found) throw new Error(`no ${name} cell at concurrency ${concurrency}`);
  return found;
}

/** Weft's throughput at concurrency 50 in each SQLite mode measured, and full against normal. */
export function modeComparison(cells: Cell[]): string | null {
  const at50 = (sync: string) => cells.find((c) => isSqlite(c) && c.sync === sync && c.concurrency === 50);
  const full = at50('full');
  const normal = at50('normal');
  if (!full || !normal) return null;
  return (
    `- Weft at c=50: ${f(full.runsPerSec)} runs/s with synchronous=full (every commit flushed to disk), ${f(normal.runsPerSec)} with normal ` +
    `(full/normal ${(full.runsPerSec / normal.runsPerSec).toFixed(2)})`
  );
}

/** The highest peak RSS of any of a target's cells (per process). */
const peakRss = (cells: Cell[], which: (c: Cell) => boolean) =>
  Math.max(...cells.filter(which).map((c) => c.peakRssMb));

function rssVerdict(cells: Cell[], name: string, which: (c: Cell) => boolean): Verdict {
  const weft = peakRss(cells, which);
  const base = peakRss(cells, (c) => c.target === 'baseline');
  const ratio = weft / base;
  return {
    name: `${name} peak RSS under load/baseline's`,
    value: `${f(weft)} MB / ${f(base)} MB = ${ratio.toFixed(2)}`,
    target: '≤ 1.5',
    pass: ratio <= 1.5,
  };
}

/** The targets, judged on Weft in `judgedMode` (its default, synchronous=full, when measured). */
export function verdicts(cells: Cell[], idleRssMb: number): Verdict[] {
  const mode = judgedMode(cells);
  const judged = (c: Cell) => isSqlite(c) && c.sync === mode;
  const baseline = (c: Cell) => c.target === 'baseline';
  const { ratio, text } = throughputRatio(at(cells, judged, 50, 'weft'), at(cells, baseline, 50, 'baseline'));
  const p99 = at(cells, judged, 10, 'weft').p99Ms;
  return [
    {
      name: `Weft (synchronous=${mode})/baseline throughput at c=50`,
      value: text,
      target: '≥ 0.50',
      pass: ratio >= 0.5,
    },
    { name: `Weft (synchronous=${mode}) p99 at c=10`, value: `${p99} ms`, target: '< 25 ms', pass: p99 < 25 },
    { name: 'Weft idle RSS', value: `${idleRssMb.toFixed(0)} MB`, target: '< 120 MB', pass: idleRssMb < 120 },
    rssVerdict(cells, `Weft (synchronous=${mode})`, judged),
  ];
}

/**
 * Weft on PostgreSQL, when measured: its throughput at c=50 against SQLite's (judged mode), several
 * processes on one database against one, and each one's peak memory against the baseline's.
 */
export function storeVerdicts(cells: Cell[]): Verdict[] {
  const one = isPostgres(1);
  if (!cells.some(one)) return [];
  const mode = judgedMode(cells);
  const sqlite = at(cells, (c) => isSqlite(c) && c.sync === mode, 50, 'weft (SQLite)');
  const pg1 = at(cells, one, 50, 'weft (postgres)');
  const { ratio, text } = throughputRatio(pg1, sqlite);
  const out: Verdict[] = [
    {
      name: `Weft on PostgreSQL/on SQLite (synchronous=${mode}) throughput at c=50`,
      value: text,
      target: '≥ 0.50',
      pass: ratio >= 0.5,
    },
    rssVerdict(cells, 'Weft on PostgreSQL', one),
  ];
  const counts = [...new Set(cells.filter((c) => c.store === 'postgres' && c.processes > 1).map((c) => c.processes))];
  for (const n of counts) {
    const many = at(cells, isPostgres(n), 50, `weft (postgres ×${n})`);
    const { ratio: scale, text: scaleText } = throughputRatio(many, pg1);
    out.push(
      {
        name: `${n} Weft processes on one PostgreSQL database/one process, throughput at c=50`,
        value: scaleText,
        target: '≥ 1.00',
        pass: scale >= 1,
      },
      rssVerdict(cells, `Weft on PostgreSQL ×${n} (largest process)`, isPostgres(n)),
    );
  }
  return out;
}

/** What metrics cost, when Weft (synchronous=full) also ran with WEFT_METRICS=off: throughput at c=50, on against off. */
export function metricsVerdicts(cells: Cell[]): Verdict[] {
  const off = cells.find((c) => metricsOff(c) && c.concurrency === 50);
  if (!off) return [];
  const on = at(cells, (c) => isSqlite(c) && c.sync === off.sync, 50, `weft (${off.sync})`);
  const { ratio, text } = throughputRatio(on, off);
  const cost = 1 - ratio;
  return [
    {
      name: `Cost of metrics (synchronous=${off.sync}) at c=50: 1 − on/off throughput`,
      value: `${(cost * 100).toFixed(1)}% (on/off ${text})`,
      target: '≤ 5%',
      pass: cost <= 0.05,
    },
  ];
}

/** What tracing costs, when Weft also ran exporting its traces to an OTLP sink: throughput at c=50, on against off. */
export function tracingVerdicts(cells: Cell[]): Verdict[] {
  const on = cells.find((c) => tracingOn(c) && c.concurrency === 50);
  if (!on) return [];
  const off = at(cells, (c) => isSqlite(c) && c.sync === on.sync, 50, `weft (${on.sync})`);
  const { ratio, text } = throughputRatio(on, off);
  const cost = 1 - ratio;
  return [
    {
      name: `Cost of tracing (synchronous=${on.sync}, spans exported over OTLP/HTTP) at c=50: 1 − on/off throughput`,
      value: `${(cost * 100).toFixed(1)}% (on/off ${text})`,
      target: '≤ 15%',
      pass: cost <= 0.15,
    },
  ];
}

/** A 20 MB body may cost Weft at most 1.5 times what reading, parsing and storing it once costs. */
export function bigBodyVerdict(b: BigBodyResult): Verdict {
  return {
    name: `Peak RSS growth for one ${b.bodyMb.toFixed(0)} MB webhook body, Weft/bare (read + parse + store once)`,
    value: `${b.weftGrowthMb.toFixed(0)} MB / ${b.bareGrowthMb.toFixed(0)} MB = ${b.ratio.toFixed(2)}`,
    target: '≤ 1.5',
    pass: b.ratio <= 1.5,
  };
}

/**
 * A loop keeps its list once and a cursor: 100 times the items may cost the results they make and the
 * heap's headroom for the garbage of that many body runs, not memory per item (growth with 10× the items well under 10×).
 */
export function loopMemoryVerdicts(l: LoopMemoryResult): Verdict[] {
  const { small, middle, large } = l;
  const mb = (n: number) => `${n.toFixed(1)} MB`;
  const times = large.growthMb / Math.max(middle.growthMb, 1);
  return [
    {
      name: `Peak RSS growth of one ${large.items.toLocaleString('en-US')}-item loop run (${large.seconds.toFixed(0)} s, results ${mb(large.outputMb)}) against ${small.items} items`,
      value: `${mb(large.growthMb)} / ${mb(small.growthMb)}`,
      target: '≤ 64 MB more',
      pass: large.growthMb - small.growthMb <= 64,
    },
    {
      name: `Peak RSS growth with 10× the items (${middle.items.toLocaleString('en-US')} → ${large.items.toLocaleString('en-US')})`,
      value: `${mb(middle.growthMb)} → ${mb(large.growthMb)} (×${times.toFixed(1)})`,
      target: '< ×5',
      pass: times < 5,
    },
  ];
}

/** The designer on the large flow, in headless Chromium: opening it, and its slowest pan or zoom. */
export function canvasVerdicts(c: CanvasResult): Verdict[] {
  return [
    {
      name: `Designer opens a ${c.nodes}-node flow`,
      value: `${c.openMs.toFixed(0)} ms`,
      target: '< 2000 ms',
      pass: c.openMs < 2000,
    },
    {
      name: `Slowest pan or zoom on the ${c.nodes}-node flow (${c.gesturesMs.map((g) => g.toFixed(0)).join(', ')} ms)`,
      value: `${c.slowestGestureMs.toFixed(0)} ms`,
      target: '< 1000 ms',
      pass: c.slowestGestureMs < 1000,
    },
  ];
}

/** This checkout against another one (--against), both in the judged SQLite mode: throughput at c=50. */
export function againstVerdicts(cells: Cell[]): Verdict[] {
  const other = cells.find((c) => c.target === 'weft' && c.against && c.concurrency === 50);
  if (!other) return [];
  const ours = at(cells, (c) => isSqlite(c) && c.sync === other.sync, 50, `weft (${other.sync})`);
  const { ratio, text } = throughputRatio(ours, other);
  return [
    {
      name: `Weft (synchronous=${other.sync}) against the same at ${other.against}, throughput at c=50`,
      value: text,
      target: '≥ 1.00 (no slower)',
      pass: ratio >= 1,
    },
  ];
}

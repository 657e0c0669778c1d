// The bench's markdown table, target verdicts and artifacts (test/artifacts/bench.{json,md}).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { labelOf, type Cell } from './load.ts';
import type { BigBodyResult } from './big-body.ts';
import type { CanvasResult } from './canvas.ts';

export interface Verdict {
  name: string;
  value: string;
  target: string;
  pass: boolean;
}

export interface Report {
  at: string;
  environment: Record<string, string | number>;
  idleRssMb: { weft: number; baseline: number };
  cells: Cell[];
  verdicts: Verdict[];
  stub: unknown;
  /** GET /api/metrics of the runtime after the last cell (engine counters, commit batching, memory). */
  weftMetrics: unknown;
  bigBody: BigBodyResult;
  canvas: CanvasResult;
}

const f = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** autocannon records whole milliseconds: 0 means under 1 ms. */
const ms = (n: number) => (n === 0 ? '<1' : f(n));

export function table(cells: Cell[]): string {
  const rows = [
    '| target | SQLite sync | concurrency | runs/s | p50 ms | p99 ms | steps persisted/s | peak RSS MB |',
    '|---|---|---:|---:|---:|---:|---:|---:|',
  ];
  for (const c of cells)
    rows.push(
      `| ${c.target} | ${c.sync ?? '—'} | ${c.concurrency} | ${f(c.runsPerSec)} | ${ms(c.p50Ms)} | ${ms(c.p99Ms)} | ${c.stepsPerSec === null ? '—' : f(c.stepsPerSec)} | ${f(c.peakRssMb)} |`,
    );
  return rows.join('\n');
}

/** The mode the targets are judged in: Weft's default (full) when it was measured. */
export function judgedMode(cells: Cell[]): Cell['sync'] {
  return cells.some((c) => c.target === 'weft' && c.sync === 'full')
    ? 'full'
    : (cells.find((c) => c.target === 'weft')?.sync ?? null);
}

/** Weft's throughput at concurrency 50 in each SQLite mode measured, and full against normal. */
export function modeComparison(cells: Cell[]): string | null {
  const at50 = (sync: string) => cells.find((c) => c.target === 'weft' && c.sync === sync && c.concurrency === 50);
  const full = at50('full');
  const normal = at50('normal');
  if (!full || !normal) return null;
  return (
    `- Weft at c=50: ${f(full.runsPerSec)} runs/s with synchronous=full (every commit flushed to disk), ${f(normal.runsPerSec)} with normal ` +
    `(full/normal ${(full.runsPerSec / normal.runsPerSec).toFixed(2)})`
  );
}

/** The targets, judged on Weft in `judgedMode` (its default, synchronous=full, when measured). */
export function verdicts(cells: Cell[], idleRssMb: number): Verdict[] {
  const mode = judgedMode(cells);
  const cell = (t: Cell['target'], c: number) => {
    const found = cells.find((x) => x.target === t && x.concurrency === c && (t === 'baseline' || x.sync === mode));
    if (!found) throw new Error(`no ${t} cell at concurrency ${c}`);
    return found;
  };
  const ratio = cell('weft', 50).runsPerSec / cell('baseline', 50).runsPerSec;
  const p99 = cell('weft', 10).p99Ms;
  return [
    {
      name: `Weft (synchronous=${mode})/baseline throughput at c=50`,
      value: `${(ratio * 100).toFixed(0)}% (${ratio.toFixed(2)})`,
      target: '≥ 0.50',
      pass: ratio >= 0.5,
    },
    { name: `Weft (synchronous=${mode}) p99 at c=10`, value: `${p99} ms`, target: '< 25 ms', pass: p99 < 25 },
    { name: 'Weft idle RSS', value: `${idleRssMb.toFixed(0)} MB`, target: '< 120 MB', pass: idleRssMb < 120 },
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

export function markdown(r: Report): string {
  const env = Object.entries(r.environment)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  const other = (c: Cell) =>
    Object.entries(c.cpuPercent)
      .filter(([k]) => k.startsWith('idle '))
      .reduce((sum, [, v]) => sum + v, 0);
  const cpu = r.cells
    .map(
      (c) =>
        `${labelOf({ name: c.target, sync: c.sync })}@${c.concurrency} ${c.cpuPercent.target}/${c.cpuPercent.stub}/${c.cpuPercent.autocannon}/${other(c)}/${c.cpuPercent.others}`,
    )
    .join(', ');
  const noisy = r.cells
    .filter((c) => c.cpuPercent.others > 25)
    .map((c) => `${labelOf({ name: c.target, sync: c.sync })}@${c.concurrency}`);
  const warning = noisy.length
    ? [
        `**Noisy run**: other processes used over 25% of a core during ${noisy.join(', ')}; rerun on a quiet machine.`,
        '',
      ]
    : [];
  const lines = r.verdicts.map((v) => `- ${v.name}: ${v.value} (target ${v.target}) — ${v.pass ? 'PASS' : 'MISS'}`);
  const modes = modeComparison(r.cells);
  if (modes) lines.push(modes);
  return [
    table(r.cells),
    '',
    ...lines,
    '',
    ...warning,
    `CPU % of one core (target/stub/autocannon/other targets, idle/unrelated processes): ${cpu}.`,
    '',
    'Every Weft run commits each of its steps to SQLite before the webhook answers; with synchronous=full (the default) each commit is ' +
      `also flushed to disk, with normal (WEFT_SQLITE_SYNC=normal) it survives a killed process but not a power cut. The baseline persists nothing. ${env}.`,
  ].join('\n');
}

export function writeArtifacts(r: Report, dir: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'bench.json'), JSON.stringify(r, null, 2) + '\n');
  writeFileSync(join(dir, 'bench.md'), markdown(r) + '\n');
}

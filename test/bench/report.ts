// The bench's markdown table, target verdicts and artifacts (test/artifacts/bench.{json,md}).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { labelOf, storeOf, type Cell } from './load.ts';
import type { BigBodyResult } from './big-body.ts';
import type { CanvasResult } from './canvas.ts';
import type { LoopMemoryResult } from './loop-memory.ts';
import { modeComparison, type Verdict } from './verdicts.ts';

export interface Report {
  at: string;
  environment: Record<string, string | number>;
  idleRssMb: { weft: number; baseline: number };
  cells: Cell[];
  verdicts: Verdict[];
  stub: unknown;
  /** What the OTLP sink received from the traced runtime (--tracing): export requests, spans, traces. */
  otlp?: unknown;
  /** GET /api/metrics of the runtime after the last cell (engine counters, commit batching, memory). */
  weftMetrics: unknown;
  /** Null when skipped (BENCH_SKIP=bigbody). */
  bigBody: BigBodyResult | null;
  /** Null when skipped (BENCH_SKIP=canvas). */
  canvas: CanvasResult | null;
  /** Null when skipped (BENCH_SKIP=loop). */
  loop: LoopMemoryResult | null;
}

const f = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** autocannon records whole milliseconds: 0 means under 1 ms. */
const ms = (n: number) => (n === 0 ? '<1' : f(n));

export function table(cells: Cell[]): string {
  const rows = [
    '| target | store | concurrency | runs/s | p50 ms | p99 ms | steps persisted/s | peak RSS MB |',
    '|---|---|---:|---:|---:|---:|---:|---:|',
  ];
  for (const c of cells)
    rows.push(
      `| ${c.target} | ${storeOf(c) ?? '—'} | ${c.concurrency} | ${f(c.runsPerSec)} | ${ms(c.p50Ms)} | ${ms(c.p99Ms)} | ${c.stepsPerSec === null ? '—' : f(c.stepsPerSec)} | ${f(c.peakRssMb)} |`,
    );
  return rows.join('\n');
}

const cellLabel = (c: Cell) => `${labelOf({ name: c.target, ...c })}@${c.concurrency}`;

/** CPU shares per cell: target/stub/autocannon/idle targets[/postgres]/unrelated processes. */
function cpuLine(cells: Cell[]): string {
  const withPostgres = cells.some((c) => c.cpuPercent.postgres !== undefined);
  const idle = (c: Cell) =>
    Object.entries(c.cpuPercent)
      .filter(([k]) => k.startsWith('idle '))
      .reduce((sum, [, v]) => sum + v, 0);
  const parts = (c: Cell) => [
    c.cpuPercent.target,
    c.cpuPercent.stub,
    c.cpuPercent.autocannon,
    idle(c),
    ...(withPostgres ? [c.cpuPercent.postgres ?? 0] : []),
    c.cpuPercent.others,
  ];
  const legend = `target/stub/autocannon/other targets${withPostgres ? '/PostgreSQL server' : ''}, idle/unrelated processes`;
  return `CPU % of one core (${legend}): ${cells.map((c) => `${cellLabel(c)} ${parts(c).join('/')}`).join(', ')}.`;
}

export function markdown(r: Report): string {
  const env = Object.entries(r.environment)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  const noisy = r.cells.filter((c) => c.cpuPercent.others > 25).map(cellLabel);
  const warning = noisy.length
    ? [
        `**Noisy run**: other processes used over 25% of a core during ${noisy.join(', ')}; rerun on a quiet machine.`,
        '',
      ]
    : [];
  const lines = r.verdicts.map((v) => `- ${v.name}: ${v.value} (target ${v.target}) — ${v.pass ? 'PASS' : 'MISS'}`);
  const modes = modeComparison(r.cells);
  if (modes) lines.push(modes);
  const postgres = r.cells.some((c) => c.store === 'postgres')
    ? [
        'On PostgreSQL (synchronous_commit=on) each commit is flushed to disk by the server, like SQLite full. ' +
          'With ×N, N Weft processes share one database and the connections are dealt to them in turn (at c=1 all go to the first); ' +
          'their peak RSS is the larger process’s.',
        '',
      ]
    : [];
  return [
    table(r.cells),
    '',
    ...lines,
    '',
    ...warning,
    cpuLine(r.cells),
    '',
    ...postgres,
    'Every Weft run commits each of its steps to its store before the webhook answers; on SQLite with synchronous=full (the default) each commit is ' +
      `also flushed to disk, with normal (WEFT_SQLITE_SYNC=normal) it survives a killed process but not a power cut. The baseline persists nothing. ${env}.`,
  ].join('\n');
}

export function writeArtifacts(r: Report, dir: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'bench.json'), JSON.stringify(r, null, 2) + '\n');
  writeFileSync(join(dir, 'bench.md'), markdown(r) + '\n');
}

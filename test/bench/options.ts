// What `npm run bench` measures: command-line flags (after `--`) and BENCH_* environment variables.
import { parseArgs } from 'node:util';
import type { SyncMode } from './load.ts';

export type Part = 'canvas' | 'bigbody' | 'loop';
const PARTS: Part[] = ['canvas', 'bigbody', 'loop'];

export interface BenchOptions {
  /** Length of one autocannon round, in seconds (BENCH_SECONDS, 5). */
  seconds: number;
  /** Rounds per target and concurrency; the median is reported (BENCH_ROUNDS, 3). */
  rounds: number;
  /** The SQLite durability modes Weft runs in (BENCH_SYNC). */
  syncModes: SyncMode[];
  /** Whether Weft also runs on PostgreSQL (--store postgres, or --processes above 1). */
  postgres: boolean;
  /** Weft processes sharing one PostgreSQL database, measured besides one process (--processes, 1). */
  processes: number;
  /** Parts left out (BENCH_SKIP or --skip: canvas, bigbody, loop). */
  skip: Set<Part>;
  /** Weft also runs with WEFT_METRICS=off (in the judged SQLite mode), to measure what metrics cost (--metrics-off). */
  metricsOff: boolean;
  /** Also times the dashboard on 1,000,000 seeded runs (--dashboard). */
  dashboard: boolean;
  /** Also times the run history's filters on 240,000 seeded runs (--runs-list). */
  runsList: boolean;
  /** Weft also runs with tracing on, exporting to an OTLP sink (in the judged SQLite mode), to measure what tracing costs (--tracing). */
  tracing: boolean;
  /**
   * Another Weft checkout (installed, runtime built: runtime/dist/weft.mjs) run beside this one in the judged
   * SQLite mode, taking turns with the others (--against <folder>): the same throughput or better at c=50.
   */
  against: string | null;
}

/** BENCH_SYNC: both (default: full, then normal), full or normal. */
function syncModes(v: string | undefined): SyncMode[] {
  if (v === undefined || v === '' || v === 'both') return ['full', 'normal'];
  if (v === 'full' || v === 'normal') return [v];
  throw new Error(`BENCH_SYNC must be both, full or normal, got "${v}"`);
}

function positive(v: string | undefined, fallback: number, name: string, integer: boolean): number {
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!(n > 0) || (integer && !Number.isInteger(n)))
    throw new Error(`${name} must be a positive ${integer ? 'whole ' : ''}number, got "${v}"`);
  return n;
}

function skipped(lists: Array<string | undefined>): Set<Part> {
  const names = lists.flatMap((l) => (l ?? '').split(',')).map((s) => s.trim().toLowerCase());
  const skip = new Set<Part>();
  for (const name of names.filter((s) => s !== '')) {
    if (!PARTS.includes(name as Part)) throw new Error(`BENCH_SKIP / --skip takes ${PARTS.join(', ')}, got "${name}"`);
    skip.add(name as Part);
  }
  return skip;
}

export function benchOptions(argv: string[], env: NodeJS.ProcessEnv): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      store: { type: 'string' },
      processes: { type: 'string' },
      skip: { type: 'string' },
      'metrics-off': { type: 'boolean' },
      dashboard: { type: 'boolean' },
      'runs-list': { type: 'boolean' },
      tracing: { type: 'boolean' },
      against: { type: 'string' },
    },
    strict: true,
  });
  const store = values.store ?? 'sqlite';
  if (store !== 'sqlite' && store !== 'postgres')
    throw new Error(`--store must be sqlite or postgres, got "${values.store}"`);
  const processes = positive(values.processes, 1, '--processes', true);
  return {
    seconds: positive(env.BENCH_SECONDS, 5, 'BENCH_SECONDS', false),
    rounds: positive(env.BENCH_ROUNDS, 3, 'BENCH_ROUNDS', true),
    syncModes: syncModes(env.BENCH_SYNC),
    // Several processes share one database only on PostgreSQL (SQLite is one process's file).
    postgres: store === 'postgres' || processes > 1,
    processes,
    skip: skipped([env.BENCH_SKIP, values.skip]),
    metricsOff: values['metrics-off'] === true,
    dashboard: values.dashboard === true,
    runsList: values['runs-list'] === true,
    tracing: values.tracing === true,
    against: values.against ?? null,
  };
}

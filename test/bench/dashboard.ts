// The dashboard cell: GET /api/dashboard and one flow's page on a SQLite database holding 1,000,000 live
// runs of 50 flows over 7 days, seeded straight into runs and the roll-ups with multi-row inserts (the
// roll-ups as finishing those runs would have left them).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { client } from '../support/api.ts';
import { flow, n } from '../support/flows.ts';
import { seededRandom } from '../support/seeded-random.ts';
import { testWeft } from '../support/weft.ts';
import { bucketOf } from '../../runtime/store/duration-buckets.ts';
import type { Verdict } from './verdicts.ts';

export interface DashboardResult {
  runs: number;
  flows: number;
  seedMs: number;
  /** Median of the rounds, each after one unmeasured request. */
  overviewMs: number;
  flowPageMs: number;
}

const FLOWS = 50;
const DAY = 86_400_000;
const MIN = 60_000;
const BATCH = 500;

export async function measureDashboard(runs = 1_000_000, rounds = 5): Promise<DashboardResult> {
  const dir = mkdtempSync(join(tmpdir(), 'weft-bench-dashboard-'));
  const weft = await testWeft({ config: { dataDir: dir, databaseUrl: null } });
  try {
    const call = client(weft);
    const ids = Array.from({ length: FLOWS }, (_, i) => `flow-${String(i).padStart(2, '0')}`);
    for (const [i, id] of ids.entries()) {
      const settings = {
        businessProcess: ['Quote-to-cash', 'Procure-to-pay', 'Hire-to-retire', 'Record-to-report'][i % 4],
        criticality: ['critical', 'high', 'normal', 'low'][i % 4],
        sla: { maxDurationMs: 20_000, freshnessMs: 3_600_000 },
      };
      const def = { ...flow(id, { in: n.manual(), out: n.map('$') }, ['in>out']), settings };
      for (const [path, body] of [
        ['/api/flows', def],
        [`/api/flows/${id}/publish`, {}],
        [`/api/flows/${id}/activate`, { version: 1 }],
      ] as const) {
        const res = await call('POST', path, body);
        if (res.status >= 300) throw new Error(`POST ${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
      }
    }
    const started = performance.now();
    seed(weft.db.$client, ids, runs, weft.engine.clock.now());
    const seedMs = performance.now() - started;
    const time = async (path: string) => {
      const times: number[] = [];
      for (let i = 0; i <= rounds; i++) {
        const t = performance.now();
        const res = await call('GET', path);
        if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
        if (i > 0) times.push(performance.now() - t);
      }
      return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
    };
    return {
      runs,
      flows: FLOWS,
      seedMs,
      overviewMs: await time('/api/dashboard?range=24h'),
      flowPageMs: await time(`/api/dashboard/flows/${ids[7]}?range=7d`),
    };
  } finally {
    await weft.close(0);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `count` finished live runs spread over the 7 days before `now`, and their roll-ups. */
function seed(db: import('better-sqlite3').Database, flows: string[], count: number, now: number): void {
  const random = seededRandom(11);
  const rollups = new Map<string, [number, number]>();
  const failures = new Map<string, number>();
  const insertRuns = (rows: unknown[][]) =>
    db
      .prepare(
        `INSERT INTO runs (id, flow_id, version, mode, status, trigger_node, trigger, error_code, error_node_id,
        created_at, updated_at, finished_at) VALUES ${rows.map(() => '(?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
      )
      .run(rows.flat());
  db.transaction(() => {
    let rows: unknown[][] = [];
    for (let i = 0; i < count; i++) {
      const flowId = flows[Math.floor(random() * flows.length)];
      const createdAt = now - 7 * DAY + Math.floor(((i + random()) / count) * 7 * DAY);
      const d = Math.floor(10 * 6000 ** random());
      const finishedAt = Math.min(now, createdAt + d);
      const r = random();
      const status = r < 0.9 ? 'succeeded' : r < 0.97 ? 'failed' : 'timed_out';
      const code = status === 'failed' ? ['http_server_error', 'timeout', 'validation_failed'][i % 3] : null;
      const node = status === 'failed' ? 'out' : null;
      const id = `r${String(createdAt).padStart(14, '0')}${String(i).padStart(7, '0')}`;
      rows.push([id, flowId, 'live', status, 'in', '{}', code, node, createdAt, finishedAt, finishedAt]);
      const minute = Math.floor(finishedAt / MIN) * MIN;
      const key = `${flowId}\u0000${minute}\u0000${status}\u0000${bucketOf(finishedAt - createdAt)}`;
      const sum = rollups.get(key) ?? [0, 0];
      rollups.set(key, [sum[0] + 1, sum[1] + finishedAt - createdAt]);
      const failure = `${flowId}\u0000${minute}\u0000${code}\u0000${node}`;
      if (code) failures.set(failure, (failures.get(failure) ?? 0) + 1);
      if (rows.length === BATCH) {
        insertRuns(rows);
        rows = [];
      }
    }
    if (rows.length) insertRuns(rows);
    const chunks = <T>(all: T[]) =>
      Array.from({ length: Math.ceil(all.length / BATCH) }, (_, i) => all.slice(i * BATCH, (i + 1) * BATCH));
    for (const part of chunks([...rollups]))
      db.prepare(
        `INSERT INTO run_rollups (flow_id, minute, status, bucket, count, duration_sum) VALUES ${part.map(() => '(?, ?, ?, ?, ?, ?)').join(', ')}`,
      ).run(
        part.flatMap(([k, [c, s]]) => [...k.split('\u0000').map((v, j) => (j === 1 || j === 3 ? Number(v) : v)), c, s]),
      );
    for (const part of chunks([...failures]))
      db.prepare(
        `INSERT INTO run_failure_rollups (flow_id, minute, error_code, node_id, count) VALUES ${part.map(() => '(?, ?, ?, ?, ?)').join(', ')}`,
      ).run(part.flatMap(([k, c]) => [...k.split('\u0000').map((v, j) => (j === 1 ? Number(v) : v)), c]));
  })();
  db.exec('ANALYZE');
}

export function dashboardVerdicts(d: DashboardResult): Verdict[] {
  const runs = d.runs.toLocaleString('en-US');
  return [
    {
      name: `Dashboard overview (GET /api/dashboard, 24h) on ${runs} runs of ${d.flows} flows`,
      value: `${d.overviewMs.toFixed(0)} ms`,
      target: '< 200 ms',
      pass: d.overviewMs < 200,
    },
    {
      name: `One flow's dashboard (7d) on ${runs} runs`,
      value: `${d.flowPageMs.toFixed(0)} ms`,
      target: '< 200 ms',
      pass: d.flowPageMs < 200,
    },
  ];
}

// Run alone: node --no-node-snapshot --import tsx test/bench/dashboard.ts [runs]
if (process.argv[1]?.endsWith('dashboard.ts'))
  measureDashboard(Number(process.argv[2] ?? 1_000_000)).then((d) => console.log(JSON.stringify(d, null, 2)));

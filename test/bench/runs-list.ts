// The run history: GET /api/runs with each filter the designer offers, on a SQLite database holding 240,000
// finished runs of 6 flows over 7 days (webhook and manual trigger events of a few hundred bytes, business
// keys, two steps each), seeded straight into runs and steps with multi-row inserts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { client } from '../support/api.ts';
import { flow, n } from '../support/flows.ts';
import { seededRandom } from '../support/seeded-random.ts';
import { testWeft } from '../support/weft.ts';
import { newId } from '../../runtime/engine/ids.ts';
import type { Verdict } from './verdicts.ts';

export interface RunsListCase {
  name: string;
  path: string;
  /** Median of the rounds, each after one unmeasured request. */
  ms: number;
  /** Runs on the first page. */
  found: number;
}

export interface RunsListResult {
  runs: number;
  flows: number;
  seedMs: number;
  cases: RunsListCase[];
}

const FLOWS = ['invoices', 'orders', 'payments', 'onboarding', 'timesheets', 'expenses'];
const CUSTOMERS = ['Globex Corporation', 'Initech', 'Hooli', 'Umbrella plc', 'Stark Industries', 'Wayne Enterprises'];
const DAY = 86_400_000;
const HOUR = 3_600_000;
const BATCH = 400;
const TARGET_MS = 50;

export async function measureRunsList(runs = 240_000, rounds = 5): Promise<RunsListResult> {
  const dir = mkdtempSync(join(tmpdir(), 'weft-bench-runs-list-'));
  const weft = await testWeft({ config: { dataDir: dir, databaseUrl: null } });
  try {
    const call = client(weft);
    for (const id of FLOWS)
      for (const [path, body] of [
        ['/api/flows', flow(id, { in: n.manual(), out: n.map('$') }, ['in>out'])],
        [`/api/flows/${id}/publish`, {}],
        [`/api/flows/${id}/activate`, { version: 1 }],
      ] as const) {
        const res = await call('POST', path, body);
        if (res.status >= 300) throw new Error(`POST ${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
      }
    const now = weft.engine.clock.now();
    const started = performance.now();
    const marks = seedRuns(weft.db.$client, runs, now);
    const seedMs = performance.now() - started;
    const time = async (name: string, path: string): Promise<RunsListCase> => {
      const times: number[] = [];
      let found = 0;
      for (let i = 0; i <= rounds; i++) {
        const t = performance.now();
        const res = await call('GET', path);
        if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
        if (i > 0) times.push(performance.now() - t);
        found = (res.body as { runs: unknown[] }).runs.length;
      }
      return { name, path, ms: times.sort((a, b) => a - b)[Math.floor(times.length / 2)], found };
    };
    const q = (text: string) => encodeURIComponent(text);
    const groupQuery = 'flowId=orders&status=failed&mode=live&nodeId=out&errorCode=http_server_error';
    const cases: Array<[string, string]> = [
      ['no filter', '/api/runs'],
      ['flow', `/api/runs?flowId=orders`],
      ['status (succeeded)', `/api/runs?status=succeeded`],
      ['status (failed)', `/api/runs?status=failed`],
      ['mode (test)', `/api/runs?mode=test`],
      ['flow + status (succeeded)', `/api/runs?flowId=orders&status=succeeded`],
      ['flow + status (cancelled)', `/api/runs?flowId=orders&status=cancelled`],
      ['time range (one day, 3 days ago)', `/api/runs?from=${now - 4 * DAY}&to=${now - 3 * DAY}`],
      [
        'flow + time range (one hour, 5 days ago)',
        `/api/runs?flowId=payments&from=${now - 5 * DAY}&to=${now - 5 * DAY + HOUR}`,
      ],
      ['failed-runs group (flow, failed, live, step, error)', `/api/runs?${groupQuery}`],
      ['business key (6 days old)', `/api/runs?q=${q(marks.oldKey)}`],
      ['free text, nothing found', `/api/runs?q=${q('no such text 7f3a')}`],
      ['free text, found', `/api/runs?q=${q('Initech')}`],
      ['free text + flow, found', `/api/runs?flowId=payments&q=${q('Hooli')}`],
      [
        'free text + 7-day range, nothing found',
        `/api/runs?from=${now - 8 * DAY}&to=${now}&q=${q('no such text 7f3a')}`,
      ],
      ['page (before=, 3 days back)', `/api/runs?before=${marks.middleId}`],
      ['flow + status page (before=)', `/api/runs?flowId=orders&status=succeeded&before=${marks.middleId}`],
    ];
    const measured: RunsListCase[] = [];
    for (const [name, path] of cases) measured.push(await time(name, path));
    return { runs, flows: FLOWS.length, seedMs, cases: measured };
  } finally {
    await weft.close(0);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A trigger event of a few hundred bytes: an invoice with two lines. */
function bodyOf(key: string, customer: string, i: number): Record<string, unknown> {
  return {
    invoice: {
      number: key,
      customer,
      currency: 'EUR',
      amount: (i % 9973) + 0.5,
      issuedOn: '2026-11-27',
      lines: [
        { sku: `SRV-${i % 311}`, description: 'Consulting hours', quantity: 1 + (i % 40), unitPrice: 120 },
        { sku: `EXP-${i % 97}`, description: 'Travel expenses', quantity: 1, unitPrice: 85.4 },
      ],
    },
    source: 'crm',
  };
}

const HEADERS = {
  'content-type': 'application/json',
  'user-agent': 'crm-outbound/4.2',
  'x-request-id': '',
  'x-crm-signature': 'sha256=6c1f0a7d5e0b9b3c2f8e4d7a1b6c9e0f3a2d5b8c7e4f1a0d9c6b3e2f5a8d7c4b',
};

/**
 * `count` finished runs spread evenly over the 7 days before `now`, ids made as the engine makes them;
 * half came in by webhook (the body kept as received bytes), half were started by hand.
 */
export function seedRuns(db: import('better-sqlite3').Database, count: number, now: number) {
  const random = seededRandom(17);
  const marks = { oldKey: '', middleId: '' };
  const insert = (table: string, columns: string, rows: unknown[][]) =>
    db
      .prepare(
        `INSERT INTO ${table} (${columns}) VALUES ${rows.map((r) => `(${r.map(() => '?').join(', ')})`).join(', ')}`,
      )
      .run(rows.flat());
  const RUN_COLUMNS = `id, flow_id, version, mode, status, trigger_node, trigger, trigger_body, definition,
    error_code, error_node_id, created_at, updated_at, finished_at, business_key`;
  const STEP_COLUMNS = 'run_id, node_id, status, port, attempts, output, started_at, finished_at';
  db.transaction(() => {
    let runRows: unknown[][] = [];
    let stepRows: unknown[][] = [];
    for (let i = 0; i < count; i++) {
      const flowId = FLOWS[Math.floor(random() * FLOWS.length)];
      const createdAt = now - 7 * DAY + Math.floor(((i + random()) / count) * 7 * DAY);
      const finishedAt = Math.min(now, createdAt + Math.floor(20 * 500 ** random()));
      const r = random();
      const status =
        r < 0.88 ? 'succeeded' : r < 0.95 ? 'failed' : r < 0.97 ? 'timed_out' : r < 0.99 ? 'discarded' : 'cancelled';
      const mode = random() < 0.03 ? 'test' : 'live';
      const key = `INV-${String(100_000 + i)}`;
      const body = bodyOf(key, CUSTOMERS[Math.floor(random() * CUSTOMERS.length)], i);
      const hook = i % 2 === 0;
      const headers = { ...HEADERS, 'x-request-id': `req-${i.toString(36)}` };
      const trigger = JSON.stringify(hook ? { body: null, headers, query: {} } : { body });
      const id = newId('run', createdAt);
      if (i === Math.floor(count / 14)) marks.oldKey = key;
      if (i === Math.floor(count * (4 / 7))) marks.middleId = id;
      const failed = status === 'failed';
      runRows.push([
        id,
        flowId,
        mode === 'test' ? null : 1,
        mode,
        status,
        'in',
        trigger,
        hook ? Buffer.from(JSON.stringify(body)) : null,
        mode === 'test' ? '{"settings":{}}' : null,
        failed ? 'http_server_error' : null,
        failed ? 'out' : null,
        createdAt,
        finishedAt,
        finishedAt,
        key,
      ]);
      stepRows.push([id, 'in', 'succeeded', 'out', 1, null, createdAt, createdAt]);
      stepRows.push([
        id,
        'out',
        failed ? 'failed' : 'succeeded',
        failed ? null : 'out',
        1,
        'null',
        createdAt,
        finishedAt,
      ]);
      if (runRows.length === BATCH) {
        insert('runs', RUN_COLUMNS, runRows);
        insert('steps', STEP_COLUMNS, stepRows);
        runRows = [];
        stepRows = [];
      }
    }
    if (runRows.length) insert('runs', RUN_COLUMNS, runRows);
    if (stepRows.length) insert('steps', STEP_COLUMNS, stepRows);
  })();
  db.exec('ANALYZE');
  return marks;
}

export function runsListVerdicts(d: RunsListResult): Verdict[] {
  const runs = d.runs.toLocaleString('en-US');
  return d.cases.map((c) => ({
    name: `Run history (GET /api/runs), ${c.name}, on ${runs} runs of ${d.flows} flows (${c.found} on the page)`,
    value: `${c.ms.toFixed(1)} ms`,
    target: `< ${TARGET_MS} ms`,
    pass: c.ms < TARGET_MS,
  }));
}

// Run alone: node --no-node-snapshot --import tsx test/bench/runs-list.ts [runs]
if (process.argv[1]?.endsWith('runs-list.ts'))
  measureRunsList(Number(process.argv[2] ?? 240_000)).then((d) => {
    for (const v of runsListVerdicts(d))
      console.log(`- ${v.name}: ${v.value} (target ${v.target}) — ${v.pass ? 'PASS' : 'MISS'}`);
    console.log(`seeded in ${(d.seedMs / 1000).toFixed(1)} s`);
  });

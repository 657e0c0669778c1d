// `node --no-node-snapshot --import tsx test/bench/store-cost.ts`: what one run of the bench's flow costs
// the store, in figures that do not depend on how busy the machine is. One Weft in this process on a new
// PostgreSQL database (or SQLite with STORE_COST_STORE=sqlite), the opportunity-won flow pointed at the ERP
// stub, then STORE_COST_RUNS webhooks (2000) at STORE_COST_CONCURRENCY (50), sent by a process of its own.
// Every message node-postgres sends is counted (each waits for its answer: a round trip), and the statements
// in it by kind; the server's committed transactions, rows and deadlocks (pg_stat_database), the CPU time and
// context switches of this process and the CPU time of the database's server processes are read around the
// load. Prints them per run. WEFT_PG_POOL_SIZE and the other WEFT_ settings apply; STORE_COST_FLOW_CONCURRENCY
// gives the flow a concurrency limit, STORE_COST_ORDERING_KEY an ordering key (an expression over the webhook
// body: `$substring(opportunity.id, -1)` gives ten keys). STORE_COST_RUNTIMES=2 starts two runtimes on the
// database (a cluster's two processes, each with its own pool), each sent half the webhooks; the server's
// sessions of the database are sampled meanwhile for what they wait on (pg_stat_activity, every 10 ms).
import autocannon, { type AutocannonResult } from 'autocannon';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { startServer } from '../../runtime/server.ts';
import { ADMIN_TOKEN, ADMIN_AUTH } from '../support/auth.ts';
import { until } from '../support/poll.ts';
import { opportunity } from './load.ts';
import { cpuSeconds, startChild, stopAll, waitReadyLine } from './procs.ts';
import { createBenchDatabase, dropBenchDatabases, postgresPids } from './postgres-db.ts';
import { postgresAdminUrl } from '../support/postgres.ts';
import type { FlowDef } from './weft-procs.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const RUNS = Number(process.env.STORE_COST_RUNS ?? 2000);
const CONCURRENCY = Number(process.env.STORE_COST_CONCURRENCY ?? 50);
const STORE = process.env.STORE_COST_STORE === 'sqlite' ? 'sqlite' : 'postgres';
/** STORE_COST_FLOW_CONCURRENCY: the flow's concurrency limit (its runs are admitted by the store). */
const FLOW_CONCURRENCY = process.env.STORE_COST_FLOW_CONCURRENCY
  ? Number(process.env.STORE_COST_FLOW_CONCURRENCY)
  : null;
const ORDERING_KEY = process.env.STORE_COST_ORDERING_KEY || null;
const RUNTIMES = STORE === 'postgres' ? Math.max(1, Number(process.env.STORE_COST_RUNTIMES ?? 1)) : 1;

/** Statements sent through node-postgres, by kind; and round trips, the messages they went in. */
const counts = new Map<string, number>();
let roundTrips = 0;
let counting = false;
/** The bench's own clients (the wait sampler's): not counted. */
const uncounted = new WeakSet<pg.Client>();
const query = pg.Client.prototype.query;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  if (counting && !uncounted.has(this)) {
    roundTrips++;
    const first = args[0] as string | { text?: string; name?: string };
    const text = typeof first === 'string' ? first : (first?.text ?? first?.name ?? '?');
    // Several statements in one message: one line apiece, each starting with its keyword.
    for (const statement of text.split(/;\n(?=[A-Z])/)) {
      const kind = statement.replace(/\s+/g, ' ').trim().split(/['$]/)[0].slice(0, 60);
      counts.set(kind, (counts.get(kind) ?? 0) + 1);
    }
  }
  return (query as (...a: unknown[]) => unknown).apply(this, args);
} as typeof pg.Client.prototype.query;

interface DbStats {
  xact_commit: number;
  xact_rollback: number;
  tup_inserted: number;
  tup_updated: number;
  tup_deleted: number;
  deadlocks: number;
}

async function dbStats(name: string): Promise<DbStats> {
  const c = new pg.Client({ connectionString: postgresAdminUrl });
  await c.connect();
  try {
    // Stats of ended sessions are in; a live session's reach the server when it is next idle.
    const r = await c.query<DbStats>(
      `SELECT xact_commit::int, xact_rollback::int, tup_inserted::int, tup_updated::int, tup_deleted::int, deadlocks::int
       FROM pg_stat_database WHERE datname = $1`,
      [name],
    );
    return r.rows[0];
  } finally {
    await c.end();
  }
}

/**
 * Samples, every 10 ms until stopped, what the database's busy sessions wait on (pg_stat_activity): how many
 * sessions were seen running a statement, and how many of them waited, by wait event.
 */
function sampleWaits(name: string): () => Promise<{ samples: number; busy: number; waits: Map<string, number> }> {
  const waits = new Map<string, number>();
  let samples = 0;
  let busy = 0;
  let stop = false;
  const c = new pg.Client({ connectionString: postgresAdminUrl });
  uncounted.add(c);
  const done = (async () => {
    await c.connect();
    while (!stop) {
      const r = await c.query<{ wait: string | null }>(
        `SELECT CASE WHEN wait_event IS NULL THEN NULL ELSE wait_event_type || ':' || wait_event END AS wait
         FROM pg_stat_activity WHERE datname = $1 AND state = 'active' AND pid <> pg_backend_pid()`,
        [name],
      );
      samples++;
      busy += r.rows.length;
      for (const { wait } of r.rows) if (wait) waits.set(wait, (waits.get(wait) ?? 0) + 1);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await c.end();
  })();
  return async () => {
    stop = true;
    await done;
    return { samples, busy, waits };
  };
}

/** This process's context switches so far: waiting for something, and taken off the CPU while runnable. */
function contextSwitches(): { voluntary: number; involuntary: number } {
  const status = readFileSync('/proc/self/status', 'utf8');
  const n = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? NaN);
  return { voluntary: n('voluntary_ctxt_switches'), involuntary: n('nonvoluntary_ctxt_switches') };
}

const cpuOf = (pids: number[]) => pids.reduce((s, p) => s + (Number.isFinite(cpuSeconds(p)) ? cpuSeconds(p) : 0), 0);

/** Sends `runs` webhooks over `connections` connections; prints autocannon's result as one JSON line. */
function load(url: string, runs: number, connections: number): Promise<AutocannonResult> {
  let n = 0;
  const prefix = `${process.pid}-${Date.now()}-`;
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url,
        connections,
        amount: runs,
        timeout: 20,
        requests: [
          {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            setupRequest: (req) => ({ ...req, body: opportunity(prefix + n++) }),
          },
        ],
      },
      (err, result) => (err ? reject(err) : resolve(result)),
    );
  });
}

/** The load from a process of its own, so its CPU is not counted as Weft's. */
async function loadFrom(url: string, runs: number, connections: number): Promise<AutocannonResult> {
  const child = startChild('load', [fileURLToPath(import.meta.url), 'load', url, String(runs), String(connections)]);
  const out: Buffer[] = [];
  child.proc.stdout!.on('data', (c: Buffer) => out.push(c));
  const code = await new Promise<number | null>((resolve) => child.proc.once('exit', resolve));
  if (code !== 0) throw new Error(`load generator exited with ${code}:\n${child.tail()}`);
  return JSON.parse(Buffer.concat(out).toString('utf8')) as AutocannonResult;
}

async function main(): Promise<void> {
  const flow = JSON.parse(readFileSync(join(root, 'test/fixtures/opportunity-won-to-erp.json'), 'utf8')) as FlowDef & {
    settings?: Record<string, unknown>;
  };
  const stub = startChild('stub', [join(root, 'test/bench/stub-server.ts'), '0']);
  const stubPort = await waitReadyLine(stub, 20_000);
  const erp = flow.nodes.find((n) => n.type === 'connector.http')!;
  erp.config = { ...erp.config, url: `http://127.0.0.1:${stubPort}/projects` };
  if (FLOW_CONCURRENCY !== null) flow.settings = { ...flow.settings, concurrency: FLOW_CONCURRENCY };
  if (ORDERING_KEY !== null) flow.settings = { ...flow.settings, orderingKey: ORDERING_KEY };
  const db = STORE === 'postgres' ? await createBenchDatabase() : null;
  const dataDirs: string[] = [];
  const servers: Awaited<ReturnType<typeof startServer>>[] = [];
  let closed = false;
  const close = async () => {
    if (!closed) await Promise.all(servers.map((s) => s.close()));
    closed = true;
  };
  try {
    for (let i = 0; i < RUNTIMES; i++) {
      const dataDir = mkdtempSync(join(tmpdir(), 'weft-cost-'));
      dataDirs.push(dataDir);
      servers.push(
        await startServer({
          config: {
            port: 0,
            host: '127.0.0.1',
            dataDir,
            databaseUrl: db?.url ?? null,
            examplesDir: null,
            logLevel: 'warn',
            bootstrapToken: ADMIN_TOKEN,
            egressAllow: [`127.0.0.1:${stubPort}`],
            ...(RUNTIMES > 1 ? { workerId: `store-cost-${i + 1}` } : {}),
          },
          schedules: false,
        }),
      );
    }
    const server = servers[0];
    const api = async (method: string, path: string, body: unknown) => {
      const res = await fetch(server.url + path, {
        method,
        headers: { 'content-type': 'application/json', ...ADMIN_AUTH },
        body: JSON.stringify(body),
      });
      if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
      return (await res.json()) as Record<string, unknown>;
    };
    await api('POST', '/api/flows', flow);
    const published = await api('POST', `/api/flows/${flow.id}/publish`, {});
    await api('POST', `/api/flows/${flow.id}/activate`, { version: published.version });
    const hooks = servers.map((s) => `${s.url}/hooks/opportunity-won`);
    const finished = () => servers.reduce((n, s) => n + s.weft.engine.stats.runsFinished, 0);
    const settled = (n: number) => until(() => finished() >= n || null, `${n} runs to finish`, 60_000).then(() => {});
    // Every runtime takes the flow's webhook now, without waiting for the first one's notification.
    for (const s of servers) await s.weft.triggers.refresh();
    const loadAll = (runs: number, connections: number) =>
      Promise.all(
        hooks.map((hook) => loadFrom(hook, runs / hooks.length, Math.max(1, Math.round(connections / hooks.length)))),
      );
    await loadAll(300, 10); // warm-up
    await settled(300);
    const pids = db ? await postgresPids() : [];
    const s0 = db ? await dbStats(db.name) : null;
    const finished0 = finished();
    const cpu0 = process.cpuUsage();
    const switches0 = contextSwitches();
    const server0 = cpuOf(pids);
    const started = performance.now();
    counts.clear();
    roundTrips = 0;
    counting = true;
    const stopSampling = db ? sampleWaits(db.name) : null;
    const results = await loadAll(RUNS, CONCURRENCY);
    await settled(finished0 + RUNS);
    counting = false;
    const sampled = await stopSampling?.();
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const serverCpu = cpuOf(pids) - server0;
    const ok = results.reduce((n, r) => n + r['2xx'], 0);
    if (ok !== RUNS)
      throw new Error(
        `${ok} of ${RUNS} webhooks answered 2xx: ${JSON.stringify(results.map((r) => r.statusCodeStats))}`,
      );
    const per = (n: number) => (n / RUNS).toFixed(2);
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    const limits = [
      FLOW_CONCURRENCY === null ? null : `flow concurrency ${FLOW_CONCURRENCY}`,
      ORDERING_KEY === null ? null : `ordering key ${ORDERING_KEY}`,
    ].filter(Boolean);
    console.log(
      `store ${STORE}, ${RUNTIMES} runtime(s), ${RUNS} runs at concurrency ${CONCURRENCY}${limits.length ? ` (${limits.join(', ')})` : ''}, ${(RUNS / seconds).toFixed(0)} runs/s`,
    );
    console.log(`statements per run: ${per(total)}; round trips per run: ${per(roundTrips)}`);
    for (const [kind, n] of [...counts].sort((a, b) => b[1] - a[1])) console.log(`  ${per(n).padStart(7)}  ${kind}`);
    const ms = (us: number) => (us / 1000 / RUNS).toFixed(3);
    console.log(`node CPU ms per run: ${ms(cpu.user + cpu.system)} (user ${ms(cpu.user)}, system ${ms(cpu.system)})`);
    const switches = contextSwitches();
    console.log(
      `node context switches per run: ${per(switches.voluntary - switches0.voluntary)} voluntary, ${per(switches.involuntary - switches0.involuntary)} involuntary`,
    );
    if (sampled) {
      const share = (k: number) => `${((100 * k) / Math.max(1, sampled.busy)).toFixed(1)}%`;
      console.log(
        `database sessions running a statement: ${(sampled.busy / Math.max(1, sampled.samples)).toFixed(2)} on average over ${sampled.samples} samples; of them waiting on:`,
      );
      for (const [wait, k] of [...sampled.waits].sort((a, b) => b[1] - a[1]))
        console.log(`  ${share(k).padStart(7)}  ${wait}`);
    }
    if (db && s0) {
      console.log(`postgres server CPU ms per run: ${((serverCpu * 1000) / RUNS).toFixed(3)}`);
      await close();
      // The sessions have ended: their statistics are in.
      const s1 = await until(
        async () => {
          const s = await dbStats(db.name);
          return s.xact_commit > s0.xact_commit ? s : null;
        },
        'statistics of the ended sessions',
        10_000,
      );
      for (const k of Object.keys(s0) as (keyof DbStats)[]) console.log(`${k} per run: ${per(s1[k] - s0[k])}`);
    }
  } finally {
    await close().catch(() => {});
    for (const dataDir of dataDirs) rmSync(dataDir, { recursive: true, force: true });
    await stopAll();
    await dropBenchDatabases();
  }
}

if (process.argv[2] === 'load')
  load(process.argv[3], Number(process.argv[4]), Number(process.argv[5])).then((r) =>
    process.stdout.write(`${JSON.stringify(r)}\n`),
  );
else
  main().catch((err: Error) => {
    console.error(`store-cost failed: ${err.stack ?? err.message}`);
    process.exitCode = 2;
  });

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import { once } from 'node:events';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Weft } from '../../runtime/weft.ts';
import type { RunRow } from '../../runtime/store/run-store.ts';
import { DEMO_BASE_URL } from '../../runtime/config.ts';
import { startSampleSystems } from '../../flows/systems/index.ts';
import { testWeft, viewOf } from '../support/weft.ts';
import { until } from '../support/poll.ts';
import { sftpConnectionInput, startSftpServer, type SftpServer } from '../support/sftp-server.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heapUsed = () => process.memoryUsage().heapUsed;

/** The two file sizes compared (rows), WEFT_PAYROLL_ROWS=10000,100000 for the full-size run (about 1,000 rows a second on two shared cores). */
const [SMALL, LARGE] = (process.env.WEFT_PAYROLL_ROWS ?? '2000,20000').split(',').map(Number) as [number, number];

const CATEGORIES = ['travel', 'lodging', 'meals', 'mileage', 'software'];

/** Row i of a generated expense file: every 100th is refused by the canonical model, every 250th cannot be read. */
function row(i: number): string {
  const date = i % 250 === 7 ? '2026-13-45' : `2026-11-${String((i % 28) + 1).padStart(2, '0')}`;
  const category = i % 100 === 3 ? 'entertainment' : CATEGORIES[i % 5];
  const amount = `${(i % 500) + 10}.${String(i % 100).padStart(2, '0')}`;
  return `EXP-${i},PRJ-${1000 + (i % 40)},R-${i % 300},${date},${category},Taxi to client ${i},${amount},EUR,${i % 2 === 0},approved\n`;
}

async function writeExpenses(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  out.write('id,projectCode,consultant,date,category,description,amount,currency,billable,status\n');
  for (let i = 0; i < rows; i++) if (!out.write(row(i))) await once(out, 'drain');
  out.end();
  await once(out, 'close');
}

const expected = (rows: number) => {
  let unreadable = 0;
  let refused = 0;
  for (let i = 0; i < rows; i++) {
    if (i % 250 === 7) unreadable++;
    else if (i % 100 === 3) refused++;
  }
  return { unreadable, refused, posted: rows - unreadable - refused };
};

describe('payroll-expenses: a nightly expense file over SFTP, parsed, validated, posted to the ERP', () => {
  let server: SftpServer;
  let systems: Awaited<ReturnType<typeof startSampleSystems>>;
  let weft: Weft;

  beforeAll(async () => {
    server = await startSftpServer();
    systems = await startSampleSystems({ port: 0, host: '127.0.0.1' });
    weft = await testWeft();
    await weft.connections.create(sftpConnectionInput(server, 'finance-sftp'), null);
    const text = readFileSync(new URL('../../flows/payroll-expenses.json', import.meta.url), 'utf8');
    const def = JSON.parse(text.split(DEMO_BASE_URL).join(systems.url));
    // As shipped the folder is polled every minute and a file taken a minute after its last change.
    Object.assign(def.nodes.find((n: { id: string }) => n.id === 'drop').config, { pollIntervalMs: 200, minAgeMs: 0 });
    const { definition } = await weft.flows.create(def);
    const { version } = await weft.flows.publish(definition.id);
    await weft.activate(definition.id, version.version);
    await mkdir(server.local('drop'), { recursive: true });
  }, 30_000);

  afterAll(async () => {
    await weft?.close();
    await systems?.close();
    await server?.close();
  });

  /** Drops a file of `rows` rows, waits for its run, and returns the run with the heap growth while it ran. */
  async function processFile(name: string, rows: number) {
    const local = server.local(`drop/${name}`);
    const staging = server.local(`${name}.staging`);
    await writeExpenses(staging, rows);
    gc();
    const base = heapUsed();
    let peak = base;
    const sampler = setInterval(() => {
      peak = Math.max(peak, heapUsed());
    }, 10);
    const started = Date.now();
    // A rename, as a sender finishing its upload does: the folder never shows half the file.
    await rename(staging, local);
    let run: RunRow | undefined;
    try {
      run = await until(
        async () => {
          const all = [
            ...(await weft.store.runs.runsWithStatus('succeeded')),
            ...(await weft.store.runs.runsWithStatus('failed')),
          ];
          return all.find((r) => r.flowId === 'payroll-expenses' && r.trigger.includes(`"name":"${name}"`));
        },
        `the run for ${name}`,
        180_000,
      );
    } catch (err) {
      const running = (await weft.store.runs.runsWithStatus('running')).filter((r) => r.flowId === 'payroll-expenses');
      const where = await Promise.all(
        running.map(async (r) =>
          (await weft.store.runs.steps(r.id)).map((st) => `${st.nodeId}:${st.status}`).join(' '),
        ),
      );
      throw new Error(`${(err as Error).message}; running: ${where.join(' | ') || 'none'}`);
    } finally {
      clearInterval(sampler);
    }
    const seconds = (Date.now() - started) / 1000;
    gc();
    const retained = heapUsed() - base;
    return { run, seconds, peakGrowth: peak - base, retained };
  }

  it('posts the valid rows in batches, reports every rejected row back over SFTP, and memory does not grow with the file', async () => {
    const small = await processFile('expenses-small.csv', SMALL);
    const large = await processFile('expenses-large.csv', LARGE);
    const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
    console.info(
      `payroll-expenses: ${SMALL} rows in ${small.seconds.toFixed(1)} s, heap peak +${mb(small.peakGrowth)}, retained +${mb(small.retained)}; ` +
        `${LARGE} rows in ${large.seconds.toFixed(1)} s, heap peak +${mb(large.peakGrowth)}, retained +${mb(large.retained)}`,
    );
    for (const [name, rows, r] of [
      ['expenses-small', SMALL, small],
      ['expenses-large', LARGE, large],
    ] as const) {
      const view = await viewOf(weft, r.run!.id);
      expect(r.run!.status, JSON.stringify(view.error)).toBe('succeeded');
      const want = expected(rows);
      const summary = view.steps?.find((s) => s.nodeId === 'summary')?.output;
      expect(summary).toEqual({
        file: `${name}.csv`,
        rows,
        posted: want.posted,
        rejected: want.unreadable + want.refused,
        failedBatches: 0,
        rejectsFile: `rejected/${name}-rejects.csv`,
      });
      const rejects = readFileSync(server.local(`rejected/${name}-rejects.csv`), 'utf8')
        .trim()
        .split('\n');
      expect(rejects[0]).toBe('id,line,reason');
      expect(rejects.length - 1).toBe(want.unreadable + want.refused);
      expect(rejects.find((l) => l.startsWith('EXP-3,'))).toContain('/items/');
      expect(existsSync(server.local(`archive/${name}.csv`))).toBe(true);
      expect(existsSync(server.local(`drop/${name}.csv`))).toBe(false);
    }
    const { expensePostings } = (await (await fetch(`${systems.url}/erp/api/expense-postings`)).json()) as {
      expensePostings: { sourceRef: string; count: number }[];
    };
    expect(expensePostings.length).toBe(
      Math.ceil(expected(SMALL).posted / 1000) + Math.ceil(expected(LARGE).posted / 1000),
    );
    expect(expensePostings.reduce((t, p) => t + p.count, 0)).toBe(expected(SMALL).posted + expected(LARGE).posted);
    // Ten times the rows: the heap while running and after it stays within a bound that does not follow the rows.
    expect(large.peakGrowth).toBeLessThan(Math.max(3 * small.peakGrowth, 64 * 1024 * 1024));
    expect(large.retained).toBeLessThan(Math.max(3 * small.retained, 16 * 1024 * 1024));
  }, 300_000);
});
